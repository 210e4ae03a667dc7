using System.Collections.Concurrent;
using CodeTether.Contracts.Agents;
using CodeTether.Contracts.Ralph;
using CodeTether.ServiceDefaults;
using CodeTether.Tasks.Data;
using CodeTether.Tasks.Ralph;
using CodeTether.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CodeTether.Tests.Integration.Ralph;

/// <summary>
/// The RalphRun saga wired as the tasks service wires it, on its real database and a vhost of its own, with a scripted
/// worker on the agent's Ralph queue in place of the real one.
/// </summary>
public class RalphRunSagaTests
{
    private const string Agent = "ralph-fake";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_sequential_run_retries_with_the_test_output_fails_an_exhausted_story_and_survives_a_restart()
    {
        await using var database = await TestInfrastructure.CreateDatabaseAsync("ralph");
        await using var vhost = await TestInfrastructure.CreateVirtualHostAsync("ralph");
        var worker = new ScriptedWorker((story, attempt) => story switch
        {
            "ONCE" => true,
            "TWICE" => attempt == 2,
            _ => false,
        });
        var run = NewRun("sequential", maxParallel: 1, maxIterations: 2, "ONCE", "TWICE", "NEVER");

        using (var host = await StartAsync(database, vhost, worker))
        {
            await StartRunAsync(host, run);
            await WaitForAsync(host, run.CorrelationId, r => r.Stories.Count(s => s.Status == RalphStoryProgress.Passed) == 2);
            await host.StopAsync();
        }
        // What is under way survives the tasks service going away: a new one finishes the run.
        using (var host = await StartAsync(database, vhost, worker))
        {
            var finished = await WaitForAsync(host, run.CorrelationId, r => RalphRun.IsFinished(r.CurrentState));

            Assert.Equal(nameof(RalphRun.Failed), finished.CurrentState);
            Assert.Equal([RalphStoryProgress.Passed, RalphStoryProgress.Passed, RalphStoryProgress.Failed], finished.Stories.Select(s => s.Status));
            Assert.Equal([1, 2, 2], finished.Stories.Select(s => s.Attempts.Count));
            Assert.Equal("sha-TWICE-2", finished.Stories[1].CommitSha);
            Assert.NotNull(finished.FinishedAt);
        }
        Assert.Equal(1, worker.MostAtOnce);
        var retry = worker.Received.Single(a => a.Story.Id == "TWICE" && a.Attempt == 2);
        Assert.Equal("checks of TWICE #1 failed", retry.PreviousFailure);
        Assert.Equal(["ONCE", "TWICE", "TWICE", "NEVER", "NEVER"], worker.Received.Select(a => a.Story.Id));
    }

    [Fact]
    public async Task A_parallel_run_attempts_stories_side_by_side_and_completes_when_all_pass()
    {
        await using var database = await TestInfrastructure.CreateDatabaseAsync("ralph");
        await using var vhost = await TestInfrastructure.CreateVirtualHostAsync("ralph");
        var worker = new ScriptedWorker((_, _) => true, hold: TimeSpan.FromSeconds(1));
        var run = NewRun("parallel", maxParallel: 2, maxIterations: 3, "A", "B", "C");
        using var host = await StartAsync(database, vhost, worker);

        await StartRunAsync(host, run);
        var finished = await WaitForAsync(host, run.CorrelationId, r => RalphRun.IsFinished(r.CurrentState));

        Assert.Equal(nameof(RalphRun.Completed), finished.CurrentState);
        Assert.All(finished.Stories, s => Assert.Equal(RalphStoryProgress.Passed, s.Status));
        Assert.Equal(2, worker.MostAtOnce);
    }

    [Fact]
    public async Task A_cancelled_run_lets_the_attempt_under_way_finish_and_skips_the_rest()
    {
        await using var database = await TestInfrastructure.CreateDatabaseAsync("ralph");
        await using var vhost = await TestInfrastructure.CreateVirtualHostAsync("ralph");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var worker = new ScriptedWorker((_, _) => true, gate: release.Task);
        var run = NewRun("sequential", maxParallel: 1, maxIterations: 3, "A", "B", "C");
        using var host = await StartAsync(database, vhost, worker);

        await StartRunAsync(host, run);
        await WaitForAsync(host, run.CorrelationId, _ => !worker.Received.IsEmpty);
        await host.Services.GetRequiredService<IBus>().Publish(new CancelRalphRun { RunId = run.CorrelationId, RequestedAt = DateTimeOffset.UtcNow });
        await WaitForAsync(host, run.CorrelationId, r => r.CancelRequested);
        release.SetResult();
        var finished = await WaitForAsync(host, run.CorrelationId, r => RalphRun.IsFinished(r.CurrentState));

        Assert.Equal(nameof(RalphRun.Cancelled), finished.CurrentState);
        Assert.Equal([RalphStoryProgress.Passed, RalphStoryProgress.Skipped, RalphStoryProgress.Skipped], finished.Stories.Select(s => s.Status));
        Assert.Single(worker.Received);
    }

    private static RalphRunState NewRun(string mode, int maxParallel, int maxIterations, params string[] stories) => new()
    {
        CorrelationId = NewId.NextGuid(), CurrentState = nameof(RalphRun.Pending), TenantId = Guid.NewGuid(), Project = "P", BranchName = "ralph/p",
        CodebaseId = "cb_test", AgentName = Agent, Model = "gpt-4o", MaxIterations = maxIterations, RunMode = mode, MaxParallel = maxParallel,
        CreatedAt = DateTimeOffset.UtcNow,
        Stories = [.. stories.Select((id, i) => new RalphStoryProgress { Id = id, Title = $"story {id}", Priority = i + 1 })],
    };

    /// <summary>As the API does: the run in <c>pending</c> and its RalphRunRequested, in one transaction through the outbox.</summary>
    private static async Task StartRunAsync(IHost host, RalphRunState run)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TasksDbContext>();
        db.RalphRuns.Add(run);
        await scope.ServiceProvider.GetRequiredService<IPublishEndpoint>()
            .Publish(new RalphRunRequested { RunId = run.CorrelationId, TenantId = run.TenantId, RequestedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
    }

    private static async Task<RalphRunState> WaitForAsync(IHost host, Guid runId, Func<RalphRunState, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var run = await scope.ServiceProvider.GetRequiredService<TasksDbContext>().RalphRuns.AsNoTracking().SingleAsync(r => r.CorrelationId == runId);
                if (condition(run))
                    return run;
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"Ralph run {runId} is {run.CurrentState}: {string.Join(", ", run.Stories.Select(s => $"{s.Id} {s.Status} {s.Attempts.Count}"))}");
            }
            await Task.Delay(200);
        }
    }

    private static async Task<IHost> StartAsync(IsolatedDatabase database, IsolatedVirtualHost vhost, ScriptedWorker worker)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = database.ConnectionString,
            ["ConnectionStrings:RabbitMq"] = vhost.Address.ToString(),
        });
        builder.Services.AddSingleton(worker);
        builder.AddServiceDatabase<TasksDbContext>();
        builder.AddMessaging(bus =>
        {
            bus.AddTransactionalOutbox<TasksDbContext>();
            builder.AddRalphRuns(bus);
            bus.AddConsumer<ScriptedWorkerConsumer>().Endpoint(e => e.Name = AgentNames.RalphQueue(Agent));
        });
        var host = builder.Build();
        LogContext.ConfigureCurrentLogContext(host.Services.GetRequiredService<ILoggerFactory>());
        await host.StartAsync();
        await host.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, Patience);
        return host;
    }

    /// <summary>Answers each attempt as scripted: passed or not, by story and attempt number; counts how many run at once.</summary>
    public sealed class ScriptedWorker(Func<string, int, bool> passes, TimeSpan? hold = null, Task? gate = null)
    {
        private int running;
        public ConcurrentQueue<RunRalphStory> Received { get; } = new();
        public int MostAtOnce { get; private set; }

        public async Task<RalphStoryAttempted> AttemptAsync(RunRalphStory attempt)
        {
            if (Received.Any(a => a.Story.Id == attempt.Story.Id && a.Attempt == attempt.Attempt) is false)
                Received.Enqueue(attempt);
            lock (this)
                MostAtOnce = Math.Max(MostAtOnce, ++running);
            try
            {
                if (hold is { } delay)
                    await Task.Delay(delay);
                if (gate is not null)
                    await gate;
            }
            finally
            {
                lock (this)
                    running--;
            }
            var passed = passes(attempt.Story.Id, attempt.Attempt);
            return new RalphStoryAttempted
            {
                RunId = attempt.RunId, TenantId = attempt.TenantId, StoryId = attempt.Story.Id, Attempt = attempt.Attempt, Passed = passed,
                TestOutput = passed ? "ok" : $"checks of {attempt.Story.Id} #{attempt.Attempt} failed",
                CommitSha = passed ? $"sha-{attempt.Story.Id}-{attempt.Attempt}" : null,
                StartedAt = DateTimeOffset.UtcNow, FinishedAt = DateTimeOffset.UtcNow,
            };
        }
    }

    public sealed class ScriptedWorkerConsumer(ScriptedWorker worker) : IConsumer<RunRalphStory>
    {
        public async Task Consume(ConsumeContext<RunRalphStory> context) => await context.Publish(await worker.AttemptAsync(context.Message));
    }
}
