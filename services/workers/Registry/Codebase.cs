namespace CodeTether.Workers.Registry;

/// <summary>
/// A directory an agent's workers have. Codebases are the operator's: every tenant sees them and may target them.
/// </summary>
public class Codebase
{
    public required string Id { get; init; }
    public required string AgentName { get; init; }
    public required string Name { get; set; }
    public required string Path { get; set; }
    /// <summary>Added with <c>POST /v1/codebases</c> (not <c>Worker:Codebases</c>): the agent's workers load it when they start.</summary>
    public bool Registered { get; set; }
    /// <summary>Its test command for Ralph runs (<c>test_command</c> of <c>POST /v1/codebases</c>, or <c>Worker:Codebases:N:TestCommand</c>).</summary>
    public string? TestCommand { get; set; }
    /// <summary>When a heartbeat last listed it, or it was registered.</summary>
    public DateTimeOffset LastSeenAt { get; set; }
}
