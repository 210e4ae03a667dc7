namespace CodeTether.Contracts.Tasks;

/// <summary>The task moved to <c>failed</c>. Published once by the TaskLifecycle saga.</summary>
public record TaskFailed
{
    public required Guid TaskId { get; init; }
    public required Guid TenantId { get; init; }
    public required Guid RunId { get; init; }
    public required string Error { get; init; }
    public required DateTimeOffset FailedAt { get; init; }
}
