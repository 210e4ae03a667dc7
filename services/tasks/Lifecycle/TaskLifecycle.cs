using CodeTether.Contracts.Tasks;
using MassTransit;

namespace CodeTether.Tasks.Lifecycle;

/// <summary>
/// Decides a task's status from what workers report and what the user asks:
/// <c>queued → running ⇄ needs_input → completed | failed | cancelled</c>, one lifecycle event per real transition.
/// A task enters at <see cref="Queued"/>: the API stores that state with the task and its TaskQueued message in one
/// transaction, so a task is readable at once; TaskQueued then starts the timeout, and for a named agent the deadline by
/// which that agent must start it (and the lifecycle should the state be missing). Reports about another run or turn,
/// and anything that arrives after the task finished, change nothing.
/// </summary>
public class TaskLifecycle : MassTransitStateMachine<TaskLifecycleState>
{
    public State Queued { get; private set; } = null!;
    public State Running { get; private set; } = null!;
    public State NeedsInput { get; private set; } = null!;
    public State Completed { get; private set; } = null!;
    public State Failed { get; private set; } = null!;
    public State Cancelled { get; private set; } = null!;

    public Event<TaskQueued> TaskQueued { get; private set; } = null!;
    public Event<TaskRunStarted> RunStarted { get; private set; } = null!;
    public Event<TaskRunNeedsInput> RunNeedsInput { get; private set; } = null!;
    public Event<TaskRunSucceeded> RunSucceeded { get; private set; } = null!;
    public Event<TaskRunFailed> RunFailed { get; private set; } = null!;
    public Event<CancelTask> CancelRequested { get; private set; } = null!;
    public Event<AnswerTask> AnswerGiven { get; private set; } = null!;
    public Schedule<TaskLifecycleState, TaskTimedOut> Timeout { get; private set; } = null!;
    public Schedule<TaskLifecycleState, TaskDeadlinePassed> Deadline { get; private set; } = null!;

    public TaskLifecycle()
    {
        InstanceState(x => x.CurrentState);

        Event(() => TaskQueued, e => e.CorrelateById(m => m.Message.TaskId));
        Event(() => RunStarted, e => { e.CorrelateById(m => m.Message.TaskId); e.OnMissingInstance(m => m.Discard()); });
        Event(() => RunNeedsInput, e => { e.CorrelateById(m => m.Message.TaskId); e.OnMissingInstance(m => m.Discard()); });
        Event(() => RunSucceeded, e => { e.CorrelateById(m => m.Message.TaskId); e.OnMissingInstance(m => m.Discard()); });
        Event(() => RunFailed, e => { e.CorrelateById(m => m.Message.TaskId); e.OnMissingInstance(m => m.Discard()); });
        Event(() => CancelRequested, e => { e.CorrelateById(m => m.Message.TaskId); e.OnMissingInstance(m => m.Fault()); });
        Event(() => AnswerGiven, e => { e.CorrelateById(m => m.Message.TaskId); e.OnMissingInstance(m => m.Fault()); });
        Schedule(() => Timeout, x => x.TimeoutTokenId, s => s.Received = e =>
        {
            e.CorrelateById(m => m.Message.TaskId);
            e.OnMissingInstance(m => m.Discard());
        });
        Schedule(() => Deadline, x => x.DeadlineTokenId, s => s.Received = e =>
        {
            e.CorrelateById(m => m.Message.TaskId);
            e.OnMissingInstance(m => m.Discard());
        });

        Initially(
            When(TaskQueued)
                .Then(x =>
                {
                    x.Saga.TenantId = x.Message.TenantId;
                    x.Saga.RunId = x.Message.RunId;
                })
                .If(NeedsTimeout, timeout => timeout.Schedule(Timeout, TimedOut, TimeoutOf))
                .If(NeedsDeadline, deadline => deadline.Schedule(Deadline, DeadlinePassed, DeadlineOf))
                .TransitionTo(Queued));

        During(Queued,
            When(TaskQueued)
                .If(NeedsTimeout, timeout => timeout.Schedule(Timeout, TimedOut, TimeoutOf))
                .If(NeedsDeadline, deadline => deadline.Schedule(Deadline, DeadlinePassed, DeadlineOf)));
        During(Running, NeedsInput,
            When(TaskQueued)
                .If(NeedsTimeout, timeout => timeout.Schedule(Timeout, TimedOut, TimeoutOf)));

        During(Queued,
            When(RunStarted, x => x.Message.RunId == x.Saga.RunId)
                .Then(x => x.Saga.StartedAt = x.Message.StartedAt)
                .Unschedule(Deadline)
                .TransitionTo(Running)
                .Publish(x => new TaskStarted
                {
                    TaskId = x.Saga.CorrelationId,
                    TenantId = x.Saga.TenantId,
                    RunId = x.Saga.RunId,
                    StartedAt = x.Message.StartedAt,
                }));

        During(Queued, Running,
            When(RunNeedsInput, x => x.Message.RunId == x.Saga.RunId && x.Message.Turn == x.Saga.Exchanges.Count)
                .Then(x =>
                {
                    x.Saga.StartedAt ??= x.Message.AskedAt;
                    x.Saga.Question = x.Message.Question;
                })
                .TransitionTo(NeedsInput)
                .Publish(x => new TaskNeedsInput
                {
                    TaskId = x.Saga.CorrelationId,
                    TenantId = x.Saga.TenantId,
                    RunId = x.Saga.RunId,
                    Question = x.Message.Question,
                    AskedAt = x.Message.AskedAt,
                }),
            When(RunSucceeded, x => x.Message.RunId == x.Saga.RunId)
                .Then(x =>
                {
                    x.Saga.StartedAt ??= x.Message.StartedAt;
                    x.Saga.Result = x.Message.Result;
                    x.Saga.ResultSummary = x.Message.ResultSummary;
                    x.Saga.FinishedAt = x.Message.FinishedAt;
                })
                .Unschedule(Timeout)
                .TransitionTo(Completed)
                .Publish(x => new TaskCompleted
                {
                    TaskId = x.Saga.CorrelationId,
                    TenantId = x.Saga.TenantId,
                    RunId = x.Saga.RunId,
                    Result = x.Message.Result,
                    ResultSummary = x.Message.ResultSummary,
                    CompletedAt = x.Message.FinishedAt,
                }),
            When(RunFailed, x => x.Message.RunId == x.Saga.RunId)
                .Then(x => x.Saga.StartedAt ??= x.Message.StartedAt)
                .Unschedule(Timeout)
                .Then(x => Fail(x.Saga, x.Message.Error, x.Message.FailedAt))
                .TransitionTo(Failed)
                .Publish(x => TaskFailedOf(x.Saga)));

        During(NeedsInput,
            When(AnswerGiven)
                .Then(x =>
                {
                    x.Saga.Exchanges = [.. x.Saga.Exchanges, new TaskExchange(x.Saga.Question!, x.Message.Answer)];
                    x.Saga.Question = null;
                })
                .TransitionTo(Running)
                .Publish(x => new TaskInputProvided
                {
                    TaskId = x.Saga.CorrelationId,
                    TenantId = x.Saga.TenantId,
                    RunId = x.Saga.RunId,
                    Turn = x.Saga.Exchanges.Count,
                    Exchanges = x.Saga.Exchanges,
                    AnsweredAt = x.Message.AnsweredAt,
                })
                .Respond(x => Reply(x.Saga, applied: true)));

        During(Queued, Running, NeedsInput,
            When(CancelRequested)
                .Then(x =>
                {
                    x.Saga.Question = null;
                    x.Saga.FinishedAt = x.Message.RequestedAt;
                })
                .Unschedule(Timeout)
                .Unschedule(Deadline)
                .TransitionTo(Cancelled)
                .Publish(x => new TaskCancelled
                {
                    TaskId = x.Saga.CorrelationId,
                    TenantId = x.Saga.TenantId,
                    RunId = x.Saga.RunId,
                    CancelledAt = x.Message.RequestedAt,
                })
                .Respond(x => Reply(x.Saga, applied: true)),
            When(Timeout.Received)
                .Then(x => Fail(x.Saga, $"The task did not finish within its timeout of {x.Message.TimeoutSeconds} seconds.", DateTimeOffset.UtcNow))
                .Unschedule(Deadline)
                .TransitionTo(Failed)
                .Publish(x => TaskFailedOf(x.Saga)));

        During(Queued,
            When(Deadline.Received)
                .Then(x => Fail(x.Saga, $"Agent '{x.Message.AgentName}' did not start the task within {x.Message.DeadlineSeconds} seconds.", DateTimeOffset.UtcNow))
                .Unschedule(Timeout)
                .TransitionTo(Failed)
                .Publish(x => TaskFailedOf(x.Saga)));

        During(Queued, Running,
            When(AnswerGiven).Respond(x => Reply(x.Saga, applied: false)));
        During(Completed, Failed, Cancelled,
            When(AnswerGiven).Respond(x => Reply(x.Saga, applied: false)),
            When(CancelRequested).Respond(x => Reply(x.Saga, applied: false)));

        During(Running, NeedsInput, Ignore(RunStarted), Ignore(Deadline.Received));
        During(NeedsInput, Ignore(RunNeedsInput), Ignore(RunSucceeded), Ignore(RunFailed));
        During(Completed, Failed, Cancelled,
            Ignore(TaskQueued), Ignore(RunStarted), Ignore(RunNeedsInput), Ignore(RunSucceeded), Ignore(RunFailed), Ignore(Timeout.Received),
            Ignore(Deadline.Received));
    }

    /// <summary>Once per task, and only for a task that has a timeout (the API always gives one; its default is a setting).</summary>
    private static bool NeedsTimeout(BehaviorContext<TaskLifecycleState, TaskQueued> x) =>
        x.Saga.TimeoutTokenId == null && x.Message.TimeoutSeconds is not null;

    private static TaskTimedOut TimedOut(BehaviorContext<TaskLifecycleState, TaskQueued> x) =>
        new() { TaskId = x.Saga.CorrelationId, TimeoutSeconds = x.Message.TimeoutSeconds!.Value };

    private static TimeSpan TimeoutOf(BehaviorContext<TaskLifecycleState, TaskQueued> x) =>
        TimeSpan.FromSeconds(x.Message.TimeoutSeconds!.Value);

    /// <summary>Once per task, for a task that waits for a named agent with a deadline; it applies only while the task is queued.</summary>
    private static bool NeedsDeadline(BehaviorContext<TaskLifecycleState, TaskQueued> x) =>
        x.Saga.DeadlineTokenId == null && x.Message is { AgentName: not null, DeadlineSeconds: not null };

    private static TaskDeadlinePassed DeadlinePassed(BehaviorContext<TaskLifecycleState, TaskQueued> x) =>
        new() { TaskId = x.Saga.CorrelationId, AgentName = x.Message.AgentName!, DeadlineSeconds = x.Message.DeadlineSeconds!.Value };

    private static TimeSpan DeadlineOf(BehaviorContext<TaskLifecycleState, TaskQueued> x) =>
        TimeSpan.FromSeconds(x.Message.DeadlineSeconds!.Value);

    private static void Fail(TaskLifecycleState saga, string error, DateTimeOffset failedAt)
    {
        saga.Question = null;
        saga.Error = error;
        saga.FinishedAt = failedAt;
    }

    private static TaskFailed TaskFailedOf(TaskLifecycleState saga) => new()
    {
        TaskId = saga.CorrelationId,
        TenantId = saga.TenantId,
        RunId = saga.RunId,
        Error = saga.Error!,
        FailedAt = saga.FinishedAt!.Value,
    };

    private static TaskStatusReply Reply(TaskLifecycleState saga, bool applied) =>
        new() { TaskId = saga.CorrelationId, Applied = applied, Status = PublicStatus(saga.CurrentState) };

    private static readonly Dictionary<string, string> StateByPublicStatus = new()
    {
        ["queued"] = nameof(Queued),
        ["running"] = nameof(Running),
        ["needs_input"] = nameof(NeedsInput),
        ["completed"] = nameof(Completed),
        ["failed"] = nameof(Failed),
        ["cancelled"] = nameof(Cancelled),
    };

    /// <summary>The Zapier document's words for the n8n document's statuses.</summary>
    private static readonly Dictionary<string, string> StatusAliases = new() { ["pending"] = "queued", ["working"] = "running" };

    public static IEnumerable<string> PublicStatuses => StateByPublicStatus.Keys;

    /// <summary>The public status names of the n8n document.</summary>
    public static string PublicStatus(string state) =>
        StateByPublicStatus.FirstOrDefault(p => p.Value == state).Key ?? state.ToLowerInvariant();

    public static bool TryParsePublicStatus(string status, out string? state)
    {
        var normalized = status.Trim().ToLowerInvariant();
        return StateByPublicStatus.TryGetValue(StatusAliases.GetValueOrDefault(normalized, normalized), out state);
    }
}
