using CodeTether.Scheduler.Data;
using CodeTether.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayAuthentication();
builder.AddServiceDatabase<SchedulerDbContext>();
builder.AddMessaging(_ => { });

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.Run();
