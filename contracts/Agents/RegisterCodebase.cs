namespace CodeTether.Contracts.Agents;

/// <summary>
/// A request to an agent's workers (on <see cref="AgentNames.CodebaseQueue"/>): add this directory to the agent's
/// codebases. Answered with <see cref="CodebaseRegistered"/>, or <see cref="CodebaseRejected"/> when the worker cannot
/// use the directory.
/// </summary>
public record RegisterCodebase
{
    public required string AgentName { get; init; }
    public required string Name { get; init; }
    public required string Path { get; init; }
    /// <summary>The codebase's test command for Ralph runs, or null to keep the one it has (if any).</summary>
    public string? TestCommand { get; init; }
}
