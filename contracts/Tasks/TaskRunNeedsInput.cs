namespace CodeTether.Contracts.Tasks;

/// <summary>A worker's report: the agent stopped to ask the user a question. The saga decides whether the task needs input.</summary>
public record TaskRunNeedsInput
{
    public required Guid TaskId { get; init; }
    public required Guid TenantId { get; init; }
    public required Guid RunId { get; init; }
    public required int Turn { get; init; }
    public required string Question { get; init; }
    public required DateTimeOffset AskedAt { get; init; }
}
