using CodeTether.Scheduler.Data;
using CodeTether.Scheduler.ScheduledMessages;
using CodeTether.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayAuthentication();
builder.AddServiceDatabase<SchedulerDbContext>();
builder.AddMessaging(bus =>
{
    builder.AddScheduledMessages(bus);
});

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.Run();
