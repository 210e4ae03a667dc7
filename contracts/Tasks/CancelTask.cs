namespace CodeTether.Contracts.Tasks;

/// <summary>A request to the TaskLifecycle saga: cancel the task if it is not finished. Answered with <see cref="TaskStatusReply"/>.</summary>
public record CancelTask
{
    public required Guid TaskId { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
}
