namespace CodeTether.Contracts.Agents;

/// <summary>A directory an agent's workers have, as its heartbeat lists it.</summary>
public record AgentCodebase(string Id, string Name, string Path);
