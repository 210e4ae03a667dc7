using CodeTether.Contracts.Agents;
using MassTransit;

namespace CodeTether.Workers.Codebases;

/// <summary>
/// Adds to this process the codebases another process of the same agent has (one registered through it, say), so a
/// task for that codebase can run on any of the agent's processes. Every process has its own temporary queue for it.
/// </summary>
public sealed class CodebaseRegisteredConsumer(LocalCodebases codebases, Agents.WorkerIdentity worker) : IConsumer<CodebaseRegistered>
{
    public Task Consume(ConsumeContext<CodebaseRegistered> context)
    {
        var registered = context.Message;
        if (registered.AgentName == worker.AgentName)
            codebases.Add(new LocalCodebase(registered.CodebaseId, registered.Name, registered.Path, registered.TestCommand));
        return Task.CompletedTask;
    }
}
