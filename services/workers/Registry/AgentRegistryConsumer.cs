using CodeTether.Contracts.Agents;
using MassTransit;

namespace CodeTether.Workers.Registry;

/// <summary>Keeps the registry up to date from every worker's heartbeats and departures, on one queue the workers share.</summary>
public sealed class AgentRegistryConsumer(AgentRegistry registry) : IConsumer<AgentHeartbeat>, IConsumer<WorkerLeft>
{
    public const string QueueName = "agent-registry";

    public Task Consume(ConsumeContext<AgentHeartbeat> context) => registry.RecordAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<WorkerLeft> context) => registry.RecordLeftAsync(context.Message, context.CancellationToken);
}
