using CodeTether.Contracts.Agents;

namespace CodeTether.Workers.Agents;

/// <summary>This worker process (<see cref="Id"/>, unique) and the agent it serves as (<see cref="AgentName"/>, shared by every process of that agent).</summary>
public record WorkerIdentity(string Id, string AgentName)
{
    public const string DefaultAgentName = "codetether-worker";

    /// <summary><c>Worker:Id</c> (default: machine name and process id) and <c>Worker:AgentName</c>, which must be a valid agent name.</summary>
    public static WorkerIdentity From(IConfiguration configuration)
    {
        var worker = new WorkerIdentity(
            configuration["Worker:Id"] ?? $"{Environment.MachineName}-{Environment.ProcessId}",
            configuration["Worker:AgentName"] ?? DefaultAgentName);
        return AgentNames.IsValid(worker.AgentName)
            ? worker
            : throw new InvalidOperationException($"Worker:AgentName '{worker.AgentName}' is not a valid agent name: {AgentNames.Rule}.");
    }
}
