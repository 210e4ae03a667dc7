using CodeTether.ServiceDefaults;
using CodeTether.Tasks.Api;
using CodeTether.Tasks.Data;
using CodeTether.Tasks.Dispatch;
using CodeTether.Tasks.Idempotency;
using CodeTether.Tasks.Lifecycle;
using CodeTether.Tasks.Spending;
using CodeTether.Tasks.Submission;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayAuthentication();
builder.AddServiceDatabase<TasksDbContext>();
builder.AddTaskSettings();
builder.Services.AddHostedService<IdempotencyKeyCleanup>();
builder.Services.AddScoped<SpendingGuard>();
builder.AddMessaging(bus =>
{
    bus.AddTransactionalOutbox<TasksDbContext>();
    bus.AddTaskLifecycle();
    bus.AddConsumer<SpendingLimitConsumer>();
    bus.AddTaskSubmission();
    builder.AddTaskDispatch(bus);
}, (_, rabbit) => rabbit.DeclareWorkerPool());

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapAutomationTasksApi();
app.MapTaskControlApi();
app.Run();
