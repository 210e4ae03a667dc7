using CodeTether.ServiceDefaults;
using CodeTether.Tasks.Api;
using CodeTether.Tasks.Data;
using CodeTether.Tasks.Lifecycle;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayAuthentication();
builder.AddServiceDatabase<TasksDbContext>();
builder.AddMessaging(bus =>
{
    bus.AddTransactionalOutbox<TasksDbContext>();
    bus.AddTaskLifecycle();
});

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapAutomationTasksApi();
app.Run();
