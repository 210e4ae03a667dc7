namespace CodeTether.Workers.Registry;

/// <summary>An agent as the latest heartbeat of any of its workers described it. Kept when its workers are gone, so it shows as offline.</summary>
public class RegisteredAgent
{
    public required string Name { get; init; }
    public required string Description { get; set; }
    public string? Url { get; set; }
    public bool Streaming { get; set; }
    /// <summary>The <c>provider:model</c> references of the latest heartbeat.</summary>
    public List<string> Models { get; set; } = [];
    public DateTimeOffset LastSeenAt { get; set; }
}
