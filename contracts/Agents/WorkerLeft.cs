namespace CodeTether.Contracts.Agents;

/// <summary>A worker process is stopping gracefully: it is offline at once, without waiting for its heartbeats to lapse.</summary>
public record WorkerLeft
{
    public required string WorkerId { get; init; }
    public required string AgentName { get; init; }
    public required DateTimeOffset LeftAt { get; init; }
}
