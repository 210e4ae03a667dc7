using MassTransit;
using CodeTether.ServiceDefaults;
using CodeTether.ServiceDefaults.Persistence;
using CodeTether.Tasks.Api;
using CodeTether.Tasks.Data;
using CodeTether.Tasks.Lifecycle;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayAuthentication();
builder.AddServiceDatabase<TasksDbContext>();
builder.AddMessaging(x =>
{
    x.AddTransactionalOutbox<TasksDbContext>();
    x.AddSagaStateMachine<TaskLifecycle, TaskLifecycleState>().EntityFrameworkRepository(r =>
    {
        r.ConcurrencyMode = ConcurrencyMode.Optimistic;
        r.ExistingDbContext<TasksDbContext>();
    });
});
builder.Services.AddSingleton(TimeProvider.System);

var app = builder.Build();
app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapAutomationTasksApi();
app.Run();
