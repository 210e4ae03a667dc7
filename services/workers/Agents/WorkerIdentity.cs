namespace CodeTether.Workers.Agents;

/// <summary>This worker process (<see cref="Id"/>, unique) and the agent it serves as (<see cref="AgentName"/>, shared by every process of that agent).</summary>
public record WorkerIdentity(string Id, string AgentName);
