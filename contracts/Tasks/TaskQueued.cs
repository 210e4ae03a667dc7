namespace CodeTether.Contracts.Tasks;

/// <summary>A task was accepted and waits for a worker. Published by the tasks service through its outbox.</summary>
public record TaskQueued
{
    public required Guid TaskId { get; init; }
    public required Guid TenantId { get; init; }
    public required Guid RunId { get; init; }
    public required string Title { get; init; }
    public required string Prompt { get; init; }
    public required string AgentType { get; init; }
    public required string Model { get; init; }
    public int Priority { get; init; }
    public string? CodebaseId { get; init; }
    public required DateTimeOffset QueuedAt { get; init; }
}
