namespace CodeTether.Workers.Registry;

/// <summary>
/// One worker process of an agent, from its latest heartbeat. Online while its last heartbeat is recent
/// (<see cref="RegistryOptions.OfflineAfter"/>) and it has not said it left since.
/// </summary>
public class AgentWorker
{
    public required string WorkerId { get; init; }
    public required string AgentName { get; set; }
    public List<string> Models { get; set; } = [];
    public int Capacity { get; set; }
    public int Running { get; set; }
    /// <summary>When its latest heartbeat was sent (the worker's clock).</summary>
    public DateTimeOffset LastSeenAt { get; set; }
    /// <summary>When it said it was stopping; a heartbeat sent later (a restart with the same id) makes it online again.</summary>
    public DateTimeOffset? LeftAt { get; set; }
}
