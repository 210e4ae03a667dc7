using CodeTether.Scheduler.CronJobs;
using CodeTether.Scheduler.Data;
using CodeTether.Scheduler.ScheduledMessages;
using CodeTether.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayAuthentication();
builder.AddServiceDatabase<SchedulerDbContext>();
builder.AddMessaging(bus =>
{
    bus.AddTransactionalOutbox<SchedulerDbContext>();
    bus.AddCronJobs();
    builder.AddScheduledMessages(bus);
});
builder.AddCronJobs();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapCronJobsApi();
app.Run();
