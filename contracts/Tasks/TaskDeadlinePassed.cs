namespace CodeTether.Contracts.Tasks;

/// <summary>
/// Scheduled by the TaskLifecycle saga when a task for a named agent has a deadline; delivered by the scheduler when it
/// is up. A task still queued then (its agent never started it) fails.
/// </summary>
public record TaskDeadlinePassed
{
    public required Guid TaskId { get; init; }
    public required string AgentName { get; init; }
    public required int DeadlineSeconds { get; init; }
}
