using CodeTether.Contracts.Agents;
using CodeTether.Contracts.Ralph;
using MassTransit;

namespace CodeTether.Tasks.Ralph;

/// <summary>
/// A Ralph run: <c>pending → running → completed | failed | cancelled</c>. The API stores the run in <see cref="Pending"/>
/// with its <see cref="RalphRunRequested"/>; the saga then sends each story's attempts (<see cref="RunRalphStory"/>) to the
/// codebase's agent, one story at a time or several (<c>parallel</c>), and decides from each
/// <see cref="RalphStoryAttempted"/> (<see cref="RalphProgress"/>). A cancel lets the attempts under way finish and starts
/// no more. Every decision and the attempts it sends commit together, so a restart anywhere loses nothing.
/// </summary>
public class RalphRun : MassTransitStateMachine<RalphRunState>
{
    public State Pending { get; private set; } = null!;
    public State Running { get; private set; } = null!;
    public State Completed { get; private set; } = null!;
    public State Failed { get; private set; } = null!;
    public State Cancelled { get; private set; } = null!;

    public Event<RalphRunRequested> Requested { get; private set; } = null!;
    public Event<RalphStoryAttempted> Attempted { get; private set; } = null!;
    public Event<CancelRalphRun> CancelRequested { get; private set; } = null!;

    public RalphRun()
    {
        InstanceState(x => x.CurrentState);

        Event(() => Requested, e => { e.CorrelateById(m => m.Message.RunId); e.OnMissingInstance(m => m.Discard()); });
        Event(() => Attempted, e => { e.CorrelateById(m => m.Message.RunId); e.OnMissingInstance(m => m.Discard()); });
        Event(() => CancelRequested, e => { e.CorrelateById(m => m.Message.RunId); e.OnMissingInstance(m => m.Discard()); });

        During(Pending,
            When(Requested)
                .Then(x => x.Saga.StartedAt = x.Message.RequestedAt)
                .ThenAsync(x => SendAsync(x, RalphProgress.StartNext(x.Saga, x.Message.RequestedAt)))
                .TransitionTo(Running),
            When(CancelRequested)
                .Then(x => x.Saga.CancelRequested = true)
                .Then(x => RalphProgress.Finish(x.Saga, x.Message.RequestedAt))
                .TransitionTo(Cancelled));

        During(Running,
            When(Attempted)
                .ThenAsync(async x =>
                {
                    var (applied, retry) = RalphProgress.Record(x.Saga, x.Message);
                    if (applied)
                        await SendAsync(x, retry is null ? RalphProgress.StartNext(x.Saga, x.Message.FinishedAt) : [retry]);
                })
                .If(x => RalphProgress.IsIdle(x.Saga), finish => End(finish.Then(x => RalphProgress.Finish(x.Saga, x.Message.FinishedAt)))),
            When(CancelRequested)
                .Then(x => x.Saga.CancelRequested = true)
                .If(x => RalphProgress.IsIdle(x.Saga), finish => End(finish.Then(x => RalphProgress.Finish(x.Saga, x.Message.RequestedAt)))),
            Ignore(Requested));

        During(Completed, Failed, Cancelled, Ignore(Requested), Ignore(Attempted), Ignore(CancelRequested));
    }

    /// <summary>An idle run ends cancelled when that was asked for, completed when every story passed, failed otherwise.</summary>
    private EventActivityBinder<RalphRunState, T> End<T>(EventActivityBinder<RalphRunState, T> finished) where T : class =>
        finished.IfElse(x => x.Saga.CancelRequested,
            cancelled => cancelled.TransitionTo(Cancelled),
            ended => ended.IfElse(x => RalphProgress.AllPassed(x.Saga),
                completed => completed.TransitionTo(Completed),
                failed => failed.TransitionTo(Failed)));

    private static async Task SendAsync(BehaviorContext<RalphRunState> x, IEnumerable<RunRalphStory> attempts)
    {
        var endpoint = await x.GetSendEndpoint(new Uri($"queue:{AgentNames.RalphQueue(x.Saga.AgentName)}"));
        foreach (var attempt in attempts)
            await endpoint.Send(attempt, x.CancellationToken);
    }

    private static readonly Dictionary<string, string> PublicStatuses = new()
    {
        [nameof(Pending)] = "pending",
        [nameof(Running)] = "running",
        [nameof(Completed)] = "completed",
        [nameof(Failed)] = "failed",
        [nameof(Cancelled)] = "cancelled",
    };

    public static string PublicStatus(string state) => PublicStatuses.GetValueOrDefault(state, state.ToLowerInvariant());

    public static bool TryParsePublicStatus(string status, out string? state)
    {
        state = PublicStatuses.FirstOrDefault(p => p.Value == status.Trim().ToLowerInvariant()).Key;
        return state is not null;
    }

    public static bool IsFinished(string state) => state is nameof(Completed) or nameof(Failed) or nameof(Cancelled);
}
