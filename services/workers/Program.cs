using CodeTether.ServiceDefaults;
using CodeTether.Workers.Agents;
using CodeTether.Workers.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayAuthentication();
builder.AddServiceDatabase<WorkersDbContext>();
builder.AddMessaging(bus => builder.AddAgentRuntime(bus));

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.Run();
