namespace CodeTether.Contracts.Agents;

/// <summary>
/// A worker process says it is alive and what it serves: published at start and every <c>Worker:HeartbeatInterval</c>.
/// The workers' registry keeps the latest one per worker; an agent none of whose workers was heard from within
/// <c>Agents:OfflineAfter</c> is offline.
/// </summary>
public record AgentHeartbeat
{
    public required string WorkerId { get; init; }
    public required string AgentName { get; init; }
    public required string Description { get; init; }
    public string? Url { get; init; }
    public bool Streaming { get; init; }
    /// <summary>The <c>provider:model</c> references this worker can call.</summary>
    public required IReadOnlyList<string> Models { get; init; }
    public required IReadOnlyList<AgentCodebase> Codebases { get; init; }
    /// <summary>How many tasks the worker runs at once.</summary>
    public required int Capacity { get; init; }
    /// <summary>How many it is running now.</summary>
    public required int Running { get; init; }
    public required DateTimeOffset SentAt { get; init; }
}
