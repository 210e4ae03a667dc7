namespace CodeTether.Contracts.Tasks;

/// <summary>The task moved to <c>needs_input</c>: the agent asked a question. Published by the TaskLifecycle saga.</summary>
public record TaskNeedsInput
{
    public required Guid TaskId { get; init; }
    public required Guid TenantId { get; init; }
    public required Guid RunId { get; init; }
    public required string Question { get; init; }
    public required DateTimeOffset AskedAt { get; init; }
}
