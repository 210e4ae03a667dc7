using CodeTether.Contracts.Tasks;
using MassTransit;

namespace CodeTether.Tasks.Lifecycle;

/// <summary>
/// Decides a task's status from what workers report. A task enters at <see cref="Queued"/>: the API stores that state
/// with the task and its TaskQueued message in one transaction, so a task is readable at once; TaskQueued also starts
/// the lifecycle should the state be missing. Reports about another run, and reports that arrive after the task
/// finished, change nothing.
/// </summary>
public class TaskLifecycle : MassTransitStateMachine<TaskLifecycleState>
{
    public State Queued { get; private set; } = null!;
    public State Running { get; private set; } = null!;
    public State Completed { get; private set; } = null!;
    public State Failed { get; private set; } = null!;

    public Event<TaskQueued> TaskQueued { get; private set; } = null!;
    public Event<TaskRunStarted> RunStarted { get; private set; } = null!;
    public Event<TaskRunSucceeded> RunSucceeded { get; private set; } = null!;
    public Event<TaskRunFailed> RunFailed { get; private set; } = null!;

    public TaskLifecycle()
    {
        InstanceState(x => x.CurrentState);

        Event(() => TaskQueued, e => e.CorrelateById(m => m.Message.TaskId));
        Event(() => RunStarted, e => { e.CorrelateById(m => m.Message.TaskId); e.OnMissingInstance(m => m.Discard()); });
        Event(() => RunSucceeded, e => { e.CorrelateById(m => m.Message.TaskId); e.OnMissingInstance(m => m.Discard()); });
        Event(() => RunFailed, e => { e.CorrelateById(m => m.Message.TaskId); e.OnMissingInstance(m => m.Discard()); });

        Initially(
            When(TaskQueued)
                .Then(x =>
                {
                    x.Saga.TenantId = x.Message.TenantId;
                    x.Saga.RunId = x.Message.RunId;
                })
                .TransitionTo(Queued));

        During(Queued,
            Ignore(TaskQueued),
            When(RunStarted, IsCurrentRun)
                .Then(x => x.Saga.StartedAt = x.Message.StartedAt)
                .TransitionTo(Running)
                .Publish(x => new TaskStarted
                {
                    TaskId = x.Saga.CorrelationId,
                    TenantId = x.Saga.TenantId,
                    RunId = x.Saga.RunId,
                    StartedAt = x.Message.StartedAt,
                }));

        During(Queued, Running,
            When(RunSucceeded, IsCurrentRun)
                .Then(x =>
                {
                    x.Saga.StartedAt ??= x.Message.StartedAt;
                    x.Saga.Result = x.Message.Result;
                    x.Saga.ResultSummary = x.Message.ResultSummary;
                    x.Saga.FinishedAt = x.Message.FinishedAt;
                })
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
            When(RunFailed, IsCurrentRun)
                .Then(x =>
                {
                    x.Saga.StartedAt ??= x.Message.StartedAt;
                    x.Saga.Error = x.Message.Error;
                    x.Saga.FinishedAt = x.Message.FailedAt;
                })
                .TransitionTo(Failed)
                .Publish(x => new TaskFailed
                {
                    TaskId = x.Saga.CorrelationId,
                    TenantId = x.Saga.TenantId,
                    RunId = x.Saga.RunId,
                    Error = x.Message.Error,
                    FailedAt = x.Message.FailedAt,
                }));

        During(Running, Ignore(TaskQueued), Ignore(RunStarted));
        During(Completed, Failed, Ignore(TaskQueued), Ignore(RunStarted), Ignore(RunSucceeded), Ignore(RunFailed));
    }

    private static bool IsCurrentRun(BehaviorContext<TaskLifecycleState, TaskRunStarted> x) => x.Message.RunId == x.Saga.RunId;
    private static bool IsCurrentRun(BehaviorContext<TaskLifecycleState, TaskRunSucceeded> x) => x.Message.RunId == x.Saga.RunId;
    private static bool IsCurrentRun(BehaviorContext<TaskLifecycleState, TaskRunFailed> x) => x.Message.RunId == x.Saga.RunId;

    private static readonly Dictionary<string, string> StateByPublicStatus = new()
    {
        ["queued"] = nameof(Queued),
        ["running"] = nameof(Running),
        ["completed"] = nameof(Completed),
        ["failed"] = nameof(Failed),
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
