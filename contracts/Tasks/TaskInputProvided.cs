namespace CodeTether.Contracts.Tasks;

/// <summary>
/// The user answered the agent's question and the task is running again. Published by the TaskLifecycle saga; the
/// dispatcher sends the agent its conversation so far to continue.
/// </summary>
public record TaskInputProvided
{
    public required Guid TaskId { get; init; }
    public required Guid TenantId { get; init; }
    public required Guid RunId { get; init; }
    public required int Turn { get; init; }
    public required IReadOnlyList<TaskExchange> Exchanges { get; init; }
    public required DateTimeOffset AnsweredAt { get; init; }
}
