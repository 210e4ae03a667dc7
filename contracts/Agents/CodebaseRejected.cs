namespace CodeTether.Contracts.Agents;

/// <summary>The reply to <see cref="RegisterCodebase"/> when the worker cannot use the directory; the reason says why.</summary>
public record CodebaseRejected
{
    public required string AgentName { get; init; }
    public required string Path { get; init; }
    public required string Reason { get; init; }
}
