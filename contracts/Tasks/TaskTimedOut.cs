namespace CodeTether.Contracts.Tasks;

/// <summary>Scheduled by the TaskLifecycle saga when a task is queued; delivered by the scheduler when its time is up.</summary>
public record TaskTimedOut
{
    public required Guid TaskId { get; init; }
    public required int TimeoutSeconds { get; init; }
}
