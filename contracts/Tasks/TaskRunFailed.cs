namespace CodeTether.Contracts.Tasks;

/// <summary>A worker could not finish a run. The TaskLifecycle saga decides whether the task fails.</summary>
public record TaskRunFailed
{
    public required Guid TaskId { get; init; }
    public required Guid TenantId { get; init; }
    public required Guid RunId { get; init; }
    /// <summary>When the run began, so the outcome is complete even if it is handled before <see cref="TaskRunStarted"/>.</summary>
    public DateTimeOffset? StartedAt { get; init; }
    public required string Error { get; init; }
    public required DateTimeOffset FailedAt { get; init; }
}
