namespace CodeTether.Contracts.Tasks;

/// <summary>The task moved to <c>completed</c>. Published once by the TaskLifecycle saga.</summary>
public record TaskCompleted
{
    public required Guid TaskId { get; init; }
    public required Guid TenantId { get; init; }
    public required Guid RunId { get; init; }
    public required string Result { get; init; }
    public required string ResultSummary { get; init; }
    public required DateTimeOffset CompletedAt { get; init; }
}
