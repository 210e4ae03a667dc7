namespace CodeTether.Contracts.Agents;

/// <summary>A directory an agent's workers have, as its heartbeat lists it, with its test command for Ralph runs if it has one.</summary>
public record AgentCodebase(string Id, string Name, string Path, string? TestCommand = null);
