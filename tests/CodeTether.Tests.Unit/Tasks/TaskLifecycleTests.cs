using CodeTether.Contracts.Tasks;
using CodeTether.Tasks.Lifecycle;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CodeTether.Tests.Unit.Tasks;

public sealed class TaskLifecycleTests : IAsyncLifetime
{
    private static readonly Guid Tenant = Guid.NewGuid();
    private readonly Guid taskId = NewId.NextGuid();
    private readonly Guid runId = NewId.NextGuid();
    private ServiceProvider provider = null!;
    private ITestHarness harness = null!;
    private ISagaStateMachineTestHarness<TaskLifecycle, TaskLifecycleState> saga = null!;

    public async Task InitializeAsync()
    {
        provider = new ServiceCollection()
            .AddMassTransitTestHarness(x =>
            {
                x.AddSagaStateMachine<TaskLifecycle, TaskLifecycleState>().InMemoryRepository();
                x.SetTestTimeouts(testInactivityTimeout: TimeSpan.FromSeconds(5));
            })
            .BuildServiceProvider(true);
        harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        saga = harness.GetSagaStateMachineHarness<TaskLifecycle, TaskLifecycleState>();
        await harness.Bus.Publish(new TaskQueued
        {
            TaskId = taskId, TenantId = Tenant, RunId = runId, Title = "t", Prompt = "p", AgentType = "general",
            Model = "simulator", QueuedAt = DateTimeOffset.UtcNow,
        });
        Assert.NotNull(await saga.Exists(taskId, s => s.Queued));
    }

    public async Task DisposeAsync() => await provider.DisposeAsync();

    [Fact]
    public async Task A_started_then_succeeded_run_completes_the_task_and_publishes_each_transition_once()
    {
        await harness.Bus.Publish(Started());
        Assert.NotNull(await saga.Exists(taskId, s => s.Running));
        await harness.Bus.Publish(Succeeded());
        Assert.NotNull(await saga.Exists(taskId, s => s.Completed));

        Assert.True(await harness.Published.Any<TaskStarted>(m => m.Context.Message.TaskId == taskId));
        Assert.True(await harness.Published.Any<TaskCompleted>(m => m.Context.Message.TaskId == taskId));
        var instance = saga.Sagas.ContainsInState(taskId, saga.StateMachine, saga.StateMachine.Completed)!;
        Assert.Equal("The answer", instance.Result);
        Assert.Equal("The answer", instance.ResultSummary);
        Assert.NotNull(instance.StartedAt);
    }

    [Fact]
    public async Task An_outcome_handled_before_the_start_report_still_records_when_the_run_began()
    {
        var startedAt = DateTimeOffset.UtcNow.AddSeconds(-3);
        await harness.Bus.Publish(Succeeded() with { StartedAt = startedAt });
        Assert.NotNull(await saga.Exists(taskId, s => s.Completed));

        await harness.Bus.Publish(Started());
        await ConsumedAsync<TaskRunStarted>(_ => true);
        Assert.Equal(startedAt, saga.Sagas.ContainsInState(taskId, saga.StateMachine, saga.StateMachine.Completed)!.StartedAt);
    }

    [Fact]
    public async Task A_failure_reported_after_completion_changes_nothing()
    {
        await harness.Bus.Publish(Succeeded());
        Assert.NotNull(await saga.Exists(taskId, s => s.Completed));

        await harness.Bus.Publish(new TaskRunFailed { TaskId = taskId, TenantId = Tenant, RunId = runId, Error = "late", FailedAt = DateTimeOffset.UtcNow });
        await ConsumedAsync<TaskRunFailed>(_ => true);

        Assert.NotNull(saga.Sagas.ContainsInState(taskId, saga.StateMachine, saga.StateMachine.Completed));
        Assert.False(await harness.Published.Any<TaskFailed>());
    }

    [Fact]
    public async Task Reports_about_another_run_are_ignored()
    {
        await harness.Bus.Publish(Succeeded() with { RunId = NewId.NextGuid() });
        await ConsumedAsync<TaskRunSucceeded>(_ => true);

        Assert.NotNull(saga.Sagas.ContainsInState(taskId, saga.StateMachine, saga.StateMachine.Queued));
        Assert.False(await harness.Published.Any<TaskCompleted>());
    }

    [Fact]
    public async Task A_failed_run_fails_the_task_with_its_error()
    {
        await harness.Bus.Publish(Started());
        await harness.Bus.Publish(new TaskRunFailed { TaskId = taskId, TenantId = Tenant, RunId = runId, Error = "provider down", FailedAt = DateTimeOffset.UtcNow });

        Assert.NotNull(await saga.Exists(taskId, s => s.Failed));
        Assert.True(await harness.Published.Any<TaskFailed>(m => m.Context.Message.Error == "provider down"));
    }

    [Fact]
    public async Task Cancelling_a_running_task_cancels_it_once_and_a_late_completion_changes_nothing()
    {
        await harness.Bus.Publish(Started());
        Assert.NotNull(await saga.Exists(taskId, s => s.Running));

        var reply = await CancelAsync();
        Assert.True(reply.Applied);
        Assert.Equal("cancelled", reply.Status);
        Assert.True(await harness.Published.Any<TaskCancelled>(m => m.Context.Message.TaskId == taskId));

        await harness.Bus.Publish(Succeeded());
        await ConsumedAsync<TaskRunSucceeded>(_ => true);
        Assert.NotNull(saga.Sagas.ContainsInState(taskId, saga.StateMachine, saga.StateMachine.Cancelled));
        Assert.False(await harness.Published.Any<TaskCompleted>());

        var again = await CancelAsync();
        Assert.False(again.Applied);
        Assert.Equal("cancelled", again.Status);
        Assert.Single(harness.Published.Select<TaskCancelled>());
    }

    [Fact]
    public async Task A_finished_task_refuses_cancellation_and_answers()
    {
        await harness.Bus.Publish(Succeeded());
        Assert.NotNull(await saga.Exists(taskId, s => s.Completed));

        Assert.Equal(("completed", false), Pair(await CancelAsync()));
        Assert.Equal(("completed", false), Pair(await AnswerAsync("too late")));
        Assert.False(await harness.Published.Any<TaskCancelled>());
    }

    [Fact]
    public async Task A_question_needs_input_and_the_answer_resumes_the_run_with_the_conversation_so_far()
    {
        await harness.Bus.Publish(Started());
        await harness.Bus.Publish(Asked(turn: 0, "Which branch?"));
        Assert.NotNull(await saga.Exists(taskId, s => s.NeedsInput));
        Assert.True(await harness.Published.Any<TaskNeedsInput>(m => m.Context.Message.Question == "Which branch?"));

        Assert.Equal(("running", true), Pair(await AnswerAsync("main")));
        var resumed = harness.Published.Select<TaskInputProvided>().Single().Context.Message;
        Assert.Equal(1, resumed.Turn);
        Assert.Equal([new TaskExchange("Which branch?", "main")], resumed.Exchanges);

        // A late question of the first turn does not pause the resumed run again.
        await harness.Bus.Publish(Asked(turn: 0, "Stale question?"));
        await ConsumedAsync<TaskRunNeedsInput>(m => m.Question == "Stale question?");
        var instance = saga.Sagas.ContainsInState(taskId, saga.StateMachine, saga.StateMachine.Running)!;
        Assert.Null(instance.Question);

        Assert.Equal(("running", false), Pair(await AnswerAsync("again")));
        await harness.Bus.Publish(Succeeded());
        Assert.NotNull(await saga.Exists(taskId, s => s.Completed));
    }

    [Fact]
    public async Task A_task_that_outlives_its_timeout_fails_and_says_so()
    {
        var timed = NewId.NextGuid();
        await harness.Bus.Publish(new TaskQueued
        {
            TaskId = timed, TenantId = Tenant, RunId = runId, Title = "t", Prompt = "p", AgentType = "general",
            Model = "simulator", TimeoutSeconds = 1, QueuedAt = DateTimeOffset.UtcNow,
        });

        Assert.NotNull(await saga.Exists(timed, s => s.Failed, TimeSpan.FromSeconds(15)));
        var failed = harness.Published.Select<TaskFailed>().Single(m => m.Context.Message.TaskId == timed).Context.Message;
        Assert.Contains("timeout of 1 seconds", failed.Error);
    }

    [Fact]
    public async Task A_task_its_named_agent_has_not_started_by_the_deadline_fails_and_says_so()
    {
        var waiting = NewId.NextGuid();
        await harness.Bus.Publish(new TaskQueued
        {
            TaskId = waiting, TenantId = Tenant, RunId = runId, Title = "t", Prompt = "p", AgentType = "general",
            Model = "simulator", AgentName = "reviewer", DeadlineSeconds = 1, TimeoutSeconds = 3600, QueuedAt = DateTimeOffset.UtcNow,
        });

        Assert.NotNull(await saga.Exists(waiting, s => s.Failed, TimeSpan.FromSeconds(15)));
        var failed = harness.Published.Select<TaskFailed>().Single(m => m.Context.Message.TaskId == waiting).Context.Message;
        Assert.Equal("Agent 'reviewer' did not start the task within 1 seconds.", failed.Error);
        Assert.Null(saga.Sagas.ContainsInState(waiting, saga.StateMachine, saga.StateMachine.Failed)!.TimeoutTokenId);
    }

    [Fact]
    public async Task A_deadline_that_arrives_after_the_agent_started_the_task_changes_nothing()
    {
        await harness.Bus.Publish(Started());
        Assert.NotNull(await saga.Exists(taskId, s => s.Running));

        await harness.Bus.Publish(new TaskDeadlinePassed { TaskId = taskId, AgentName = "reviewer", DeadlineSeconds = 1 });
        await ConsumedAsync<TaskDeadlinePassed>(m => m.TaskId == taskId);

        Assert.NotNull(saga.Sagas.ContainsInState(taskId, saga.StateMachine, saga.StateMachine.Running));
        Assert.False(await harness.Published.Any<TaskFailed>(m => m.Context.Message.TaskId == taskId));
    }

    [Theory]
    [InlineData("queued", "Queued")]
    [InlineData("pending", "Queued")]
    [InlineData("working", "Running")]
    [InlineData("Completed", "Completed")]
    [InlineData("needs_input", "NeedsInput")]
    [InlineData("cancelled", "Cancelled")]
    public void Public_statuses_and_their_aliases_map_to_states(string status, string state)
    {
        Assert.True(TaskLifecycle.TryParsePublicStatus(status, out var parsed));
        Assert.Equal(state, parsed);
        Assert.False(TaskLifecycle.TryParsePublicStatus("done", out _));
    }

    private async Task<TaskStatusReply> CancelAsync() =>
        (await harness.GetRequestClient<CancelTask>().GetResponse<TaskStatusReply>(new CancelTask { TaskId = taskId, RequestedAt = DateTimeOffset.UtcNow })).Message;

    private async Task<TaskStatusReply> AnswerAsync(string answer) =>
        (await harness.GetRequestClient<AnswerTask>().GetResponse<TaskStatusReply>(new AnswerTask { TaskId = taskId, Answer = answer, AnsweredAt = DateTimeOffset.UtcNow })).Message;

    /// <summary>Polls rather than waiting for the harness to go idle, which a loaded machine can mistake.</summary>
    private async Task ConsumedAsync<T>(Func<T, bool> match) where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!saga.Consumed.Select<T>().Any(m => match(m.Context.Message)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The saga did not consume the expected {typeof(T).Name}.");
            await Task.Delay(20);
        }
    }

    private static (string, bool) Pair(TaskStatusReply reply) => (reply.Status, reply.Applied);

    private TaskRunNeedsInput Asked(int turn, string question) => new()
    {
        TaskId = taskId, TenantId = Tenant, RunId = runId, Turn = turn, Question = question, AskedAt = DateTimeOffset.UtcNow,
    };

    private TaskRunStarted Started() => new() { TaskId = taskId, TenantId = Tenant, RunId = runId, WorkerId = "w1", StartedAt = DateTimeOffset.UtcNow };

    private TaskRunSucceeded Succeeded() => new()
    {
        TaskId = taskId, TenantId = Tenant, RunId = runId, Result = "The answer", ResultSummary = "The answer", FinishedAt = DateTimeOffset.UtcNow,
    };
}
