namespace CodeTether.Contracts.Tasks;

/// <summary>The task moved to <c>cancelled</c>. Published once by the TaskLifecycle saga; a running agent stops on it.</summary>
public record TaskCancelled
{
    public required Guid TaskId { get; init; }
    public required Guid TenantId { get; init; }
    public required Guid RunId { get; init; }
    public required DateTimeOffset CancelledAt { get; init; }
}
