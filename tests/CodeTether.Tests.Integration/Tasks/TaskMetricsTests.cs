using CodeTether.Contracts.Tasks;
using CodeTether.ServiceDefaults;
using CodeTether.Tasks.Data;
using CodeTether.Tasks.Lifecycle;
using CodeTether.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CodeTether.Tests.Integration.Tasks;

/// <summary>The task counters and queue time, counted from the saga's events as the tasks service wires them.</summary>
public class TaskMetricsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan QueuedFor = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Each_transition_is_counted_with_the_tasks_agent_type_and_model_and_the_queue_time_runs_from_creation_to_start()
    {
        await using var database = await TestInfrastructure.CreateDatabaseAsync("task_metrics");
        await using var vhost = await TestInfrastructure.CreateVirtualHostAsync("task_metrics");
        using var host = await StartTasksBusAsync(database, vhost);
        using var metrics = new MetricRecorder(host.Services, "codetether.tasks.created", "codetether.tasks.completed", "codetether.tasks.failed",
            "codetether.tasks.cancelled", "codetether.tasks.queue_time");
        // Whole seconds, which PostgreSQL keeps exactly.
        var createdAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()) - QueuedFor;
        var (completes, fails, isCancelled) = (await SeedAsync(host.Services, createdAt, "build"), await SeedAsync(host.Services, createdAt, "plan"),
            await SeedAsync(host.Services, createdAt, "explore"));
        var bus = host.Services.GetRequiredService<IBus>();
        foreach (var task in new[] { completes, fails, isCancelled })
            await bus.Publish(Queued(task));

        var startedAt = createdAt + QueuedFor;
        foreach (var task in new[] { completes, fails })
            await bus.Publish(new TaskRunStarted { TaskId = task.Id, TenantId = task.TenantId, RunId = task.RunId, WorkerId = "w", StartedAt = startedAt });
        await WaitForAsync(() => metrics.Of("codetether.tasks.queue_time").Count == 2, "both runs started");
        await bus.Publish(new TaskRunSucceeded
        {
            TaskId = completes.Id, TenantId = completes.TenantId, RunId = completes.RunId, StartedAt = startedAt,
            Result = "done", ResultSummary = "done", FinishedAt = DateTimeOffset.UtcNow,
        });
        await bus.Publish(new TaskRunFailed { TaskId = fails.Id, TenantId = fails.TenantId, RunId = fails.RunId, Error = "broken", FailedAt = DateTimeOffset.UtcNow });
        var reply = await bus.CreateRequestClient<CancelTask>().GetResponse<TaskStatusReply>(new CancelTask { TaskId = isCancelled.Id, RequestedAt = DateTimeOffset.UtcNow });
        Assert.Equal("cancelled", reply.Message.Status);
        await WaitForAsync(() => metrics.Of("codetether.tasks.completed").Count == 1 && metrics.Of("codetether.tasks.failed").Count == 1
                                 && metrics.Of("codetether.tasks.cancelled").Count == 1, "each task finished");

        Assert.Equal(["build", "explore", "plan"], metrics.Of("codetether.tasks.created").Select(m => m.Tag("agent_type")).Order());
        Assert.All(metrics.Of("codetether.tasks.created"), m => Assert.Equal((1.0, "simulator"), (m.Value, m.Tag("model"))));
        Assert.All(metrics.Of("codetether.tasks.queue_time"), m => Assert.Equal(QueuedFor.TotalSeconds, m.Value));
        Assert.Equal(["build", "plan"], metrics.Of("codetether.tasks.queue_time").Select(m => m.Tag("agent_type")).Order());
        Assert.Equal(("build", "simulator"), Single(metrics, "codetether.tasks.completed"));
        Assert.Equal(("plan", "simulator"), Single(metrics, "codetether.tasks.failed"));
        Assert.Equal(("explore", "simulator"), Single(metrics, "codetether.tasks.cancelled"));
    }

    private static (string?, string?) Single(MetricRecorder metrics, string instrument)
    {
        var measurement = Assert.Single(metrics.Of(instrument));
        Assert.Equal(1, measurement.Value);
        return (measurement.Tag("agent_type"), measurement.Tag("model"));
    }

    private static TaskQueued Queued(AgentTask task) => new()
    {
        TaskId = task.Id, TenantId = task.TenantId, RunId = task.RunId, Title = task.Title, Prompt = task.Prompt,
        AgentType = task.AgentType, Model = task.Model, QueuedAt = task.CreatedAt,
    };

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Not in time: {what}");
            await Task.Delay(100);
        }
    }

    private static async Task<IHost> StartTasksBusAsync(IsolatedDatabase database, IsolatedVirtualHost vhost)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = database.ConnectionString,
            ["ConnectionStrings:RabbitMq"] = vhost.Address.ToString(),
        });
        builder.AddServiceDatabase<TasksDbContext>();
        builder.AddMessaging(bus =>
        {
            bus.AddTransactionalOutbox<TasksDbContext>();
            bus.AddTaskLifecycle();
            bus.AddTaskMetrics();
        });
        var host = builder.Build();
        LogContext.ConfigureCurrentLogContext(host.Services.GetRequiredService<ILoggerFactory>());
        await host.StartAsync();
        await host.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, Patience);
        return host;
    }

    private static async Task<AgentTask> SeedAsync(IServiceProvider services, DateTimeOffset createdAt, string agentType)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TasksDbContext>();
        var task = new AgentTask
        {
            Id = NewId.NextGuid(), TenantId = Guid.NewGuid(), RunId = NewId.NextGuid(), Title = agentType,
            AgentType = agentType, Model = "simulator", CreatedAt = createdAt, Lifecycle = null!,
        };
        db.Tasks.Add(task);
        db.Lifecycles.Add(new TaskLifecycleState { CorrelationId = task.Id, CurrentState = nameof(TaskLifecycle.Queued), TenantId = task.TenantId, RunId = task.RunId });
        await db.SaveChangesAsync();
        return task;
    }
}
