using CodeTether.ServiceDefaults;
using CodeTether.Tasks.Admin;
using CodeTether.Tasks.Api;
using CodeTether.Tasks.Codebases;
using CodeTether.Tasks.Data;
using CodeTether.Tasks.Dispatch;
using CodeTether.Tasks.Idempotency;
using CodeTether.Tasks.Journal;
using CodeTether.Tasks.Lifecycle;
using CodeTether.Tasks.Messages;
using CodeTether.Tasks.Prd;
using CodeTether.Tasks.Ralph;
using CodeTether.Tasks.Spending;
using CodeTether.Tasks.Submission;

if (args is ["admin", .. var adminArgs])
    return await TasksAdminCommands.RunAsync(adminArgs, Console.Out, Console.Error);

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayAuthentication();
builder.AddServiceDatabase<TasksDbContext>();
builder.AddTaskSettings();
builder.Services.AddHostedService<IdempotencyKeyCleanup>();
builder.Services.AddScoped<SpendingGuard>();
builder.Services.AddHostedService<JournalIndexer>();
builder.AddMessaging(bus =>
{
    bus.AddTransactionalOutbox<TasksDbContext>();
    bus.AddTaskLifecycle();
    bus.AddTaskMetrics();
    bus.AddConsumer<SpendingLimitConsumer>();
    bus.AddTaskSubmission();
    bus.AddConsumer<CodebaseRegisteredConsumer>();
    builder.AddTaskDispatch(bus);
    builder.AddMessages(bus);
    builder.AddRalphRuns(bus);
}, (_, rabbit) => rabbit.DeclareWorkerPool());

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapAutomationTasksApi();
app.MapTaskControlApi();
app.MapTaskEventsApi();
app.MapMessagesApi();
app.MapAgentSendApi();
app.MapRalphApi();
app.MapPrdChatApi();
app.Run();
return 0;
