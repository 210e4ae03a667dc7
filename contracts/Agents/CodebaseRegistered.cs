namespace CodeTether.Contracts.Agents;

/// <summary>
/// An agent has this codebase: published by each worker process at start for every codebase it has, and when one is
/// registered (also the reply to <see cref="RegisterCodebase"/>). The tasks service keeps them to validate a task's
/// <c>codebase_id</c> and route it to the agent that has it.
/// </summary>
public record CodebaseRegistered
{
    public required string CodebaseId { get; init; }
    public required string AgentName { get; init; }
    public required string Name { get; init; }
    public required string Path { get; init; }
    /// <summary>The codebase's test command for Ralph runs, if it has one.</summary>
    public string? TestCommand { get; init; }
    public required DateTimeOffset RegisteredAt { get; init; }
}
