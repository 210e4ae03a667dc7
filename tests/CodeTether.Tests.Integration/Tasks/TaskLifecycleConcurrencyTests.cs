using System.Collections.Concurrent;
using CodeTether.Contracts.Tasks;
using CodeTether.ServiceDefaults;
using CodeTether.Tasks.Data;
using CodeTether.Tasks.Lifecycle;
using CodeTether.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CodeTether.Tests.Integration.Tasks;

/// <summary>The TaskLifecycle saga wired exactly as the tasks service wires it, on its real database and a vhost of its own.</summary>
public class TaskLifecycleConcurrencyTests
{
    private const int TaskCount = 20;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Concurrent_and_duplicated_reports_on_each_task_complete_it_once()
    {
        await using var database = await TestInfrastructure.CreateDatabaseAsync("lifecycle");
        await using var vhost = await TestInfrastructure.CreateVirtualHostAsync("lifecycle");
        using var host = await StartTasksBusAsync(database, vhost);
        var tasks = await SeedQueuedTasksAsync(host.Services);

        var bus = host.Services.GetRequiredService<IBus>();
        var startedAt = DateTimeOffset.UtcNow;
        await Task.WhenAll(tasks.SelectMany(task => new[]
        {
            bus.Publish(new TaskRunStarted { TaskId = task.Id, TenantId = task.TenantId, RunId = task.RunId, WorkerId = "w", StartedAt = startedAt }),
            bus.Publish(Succeeded(task, startedAt)),
            bus.Publish(Succeeded(task, startedAt)),
            bus.Publish(new TaskRunFailed { TaskId = task.Id, TenantId = task.TenantId, RunId = Guid.NewGuid(), Error = "another run", FailedAt = startedAt }),
        }));

        var completed = host.Services.GetRequiredService<ConcurrentBag<TaskCompleted>>();
        var deadline = DateTime.UtcNow + Patience;
        while (completed.Count < TaskCount && DateTime.UtcNow < deadline)
            await Task.Delay(200);
        await Task.Delay(TimeSpan.FromSeconds(2)); // room for any duplicate to show up

        Assert.Equal(TaskCount, completed.Count);
        Assert.Equal(tasks.Select(t => t.Id).Order(), completed.Select(c => c.TaskId).Order());
        await using var scope = host.Services.CreateAsyncScope();
        var states = await scope.ServiceProvider.GetRequiredService<TasksDbContext>().Lifecycles.AsNoTracking().ToListAsync();
        Assert.All(states, s =>
        {
            Assert.Equal(nameof(TaskLifecycle.Completed), s.CurrentState);
            Assert.Equal("done", s.Result);
            Assert.NotNull(s.StartedAt);
        });
    }

    private static TaskRunSucceeded Succeeded(AgentTask task, DateTimeOffset startedAt) => new()
    {
        TaskId = task.Id, TenantId = task.TenantId, RunId = task.RunId, StartedAt = startedAt,
        Result = "done", ResultSummary = "done", FinishedAt = DateTimeOffset.UtcNow,
    };

    private static async Task<IHost> StartTasksBusAsync(IsolatedDatabase database, IsolatedVirtualHost vhost)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = database.ConnectionString,
            ["ConnectionStrings:RabbitMq"] = vhost.Address.ToString(),
        });
        builder.Services.AddSingleton<ConcurrentBag<TaskCompleted>>();
        builder.AddServiceDatabase<TasksDbContext>();
        builder.AddMessaging(bus =>
        {
            bus.AddTransactionalOutbox<TasksDbContext>();
            bus.AddTaskLifecycle();
            bus.AddConsumer<CompletedRecorder>();
        });
        var host = builder.Build();
        LogContext.ConfigureCurrentLogContext(host.Services.GetRequiredService<ILoggerFactory>());
        await host.StartAsync();
        await host.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, Patience);
        return host;
    }

    private static async Task<List<AgentTask>> SeedQueuedTasksAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TasksDbContext>();
        var tasks = Enumerable.Range(0, TaskCount).Select(i => new AgentTask
        {
            Id = NewId.NextGuid(), TenantId = Guid.NewGuid(), RunId = NewId.NextGuid(), Title = $"task {i}",
            AgentType = "general", Model = "simulator", CreatedAt = DateTimeOffset.UtcNow, Lifecycle = null!,
        }).ToList();
        db.Tasks.AddRange(tasks);
        db.Lifecycles.AddRange(tasks.Select(t => new TaskLifecycleState
        {
            CorrelationId = t.Id, CurrentState = nameof(TaskLifecycle.Queued), TenantId = t.TenantId, RunId = t.RunId,
        }));
        await db.SaveChangesAsync();
        return tasks;
    }

    private sealed class CompletedRecorder(ConcurrentBag<TaskCompleted> completed) : IConsumer<TaskCompleted>
    {
        public Task Consume(ConsumeContext<TaskCompleted> context)
        {
            completed.Add(context.Message);
            return Task.CompletedTask;
        }
    }
}
