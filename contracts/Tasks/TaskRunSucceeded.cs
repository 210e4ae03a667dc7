namespace CodeTether.Contracts.Tasks;

/// <summary>A worker finished a run with a result. The TaskLifecycle saga decides whether the task completes.</summary>
public record TaskRunSucceeded
{
    public required Guid TaskId { get; init; }
    public required Guid TenantId { get; init; }
    public required Guid RunId { get; init; }
    /// <summary>When the run began, so the outcome is complete even if it is handled before <see cref="TaskRunStarted"/>.</summary>
    public DateTimeOffset? StartedAt { get; init; }
    public required string Result { get; init; }
    public required string ResultSummary { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
}
