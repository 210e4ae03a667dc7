using CodeTether.ServiceDefaults;
using CodeTether.Workers.Agents;
using CodeTether.Workers.Data;
using CodeTether.Workers.Ralph;
using CodeTether.Workers.Registry;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayAuthentication();
builder.AddServiceDatabase<WorkersDbContext>();
builder.AddMessaging(bus =>
{
    builder.AddAgentRuntime(bus);
    builder.AddAgentRegistry(bus);
    builder.AddRalphStories(bus);
}, (context, rabbit) =>
{
    rabbit.ReceiveTaskQueues(context);
    rabbit.ReceiveRalphQueue(context);
});
builder.AddAgentHeartbeats();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapAgentsApi();
app.MapCodebasesApi();
app.MapModelsApi();
app.Run();
