namespace CodeTether.Contracts.Tasks;

/// <summary>The task moved to <c>running</c>. Published by the TaskLifecycle saga.</summary>
public record TaskStarted
{
    public required Guid TaskId { get; init; }
    public required Guid TenantId { get; init; }
    public required Guid RunId { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
}
