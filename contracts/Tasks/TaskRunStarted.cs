namespace CodeTether.Contracts.Tasks;

/// <summary>A worker began running the agent for one run of a task.</summary>
public record TaskRunStarted
{
    public required Guid TaskId { get; init; }
    public required Guid TenantId { get; init; }
    public required Guid RunId { get; init; }
    public required string WorkerId { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
}
