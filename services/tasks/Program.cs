using MassTransit;
using CodeTether.ServiceDefaults;
using CodeTether.Tasks.Api;
using CodeTether.Tasks.Data;
using CodeTether.Tasks.Lifecycle;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayAuthentication();
builder.AddServiceDatabase<TasksDbContext>();
builder.AddMessaging(x => x.AddSagaStateMachine<TaskLifecycle, TaskLifecycleState>().InMemoryRepository());
builder.Services.AddSingleton(TimeProvider.System);

var app = builder.Build();
app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapAutomationTasksApi();
app.Run();
