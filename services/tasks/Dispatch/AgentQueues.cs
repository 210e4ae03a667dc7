using System.Collections.Concurrent;
using CodeTether.Contracts.Agents;
using CodeTether.Contracts.Tasks;
using CodeTether.ServiceDefaults;
using RabbitMQ.Client;

namespace CodeTether.Tasks.Dispatch;

/// <summary>
/// An agent's own task queue (<see cref="AgentNames.TaskQueue"/>), declared before the first task is sent to it exactly
/// as the agent's workers declare it (a durable priority queue fed by an exchange of the same name), so a task for an
/// agent none of whose workers ever started waits there for it. MassTransit's send topology cannot give a queue its
/// priority argument, and a queue declared without it would refuse the workers' declaration; so this declares it with
/// the RabbitMQ client, once per agent and process, and tasks are sent to the exchange.
/// </summary>
public sealed class AgentQueues(IConfiguration configuration) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, bool> declared = new();
    private readonly SemaphoreSlim connecting = new(1, 1);
    private IConnection? connection;

    public static Uri AddressOf(string agentName) => new($"exchange:{AgentNames.TaskQueue(agentName)}");

    public async Task DeclareAsync(string agentName, CancellationToken cancellationToken)
    {
        if (declared.ContainsKey(agentName))
            return;
        var name = AgentNames.TaskQueue(agentName);
        await using var channel = await (await ConnectionAsync(cancellationToken)).CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(name, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-max-priority"] = (int)RunTask.MaxPriority }, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(name, name, "", cancellationToken: cancellationToken);
        declared[agentName] = true;
    }

    private async Task<IConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        await connecting.WaitAsync(cancellationToken);
        try
        {
            if (connection is not { IsOpen: true })
            {
                if (connection is not null)
                    await connection.DisposeAsync();
                connection = await new ConnectionFactory { Uri = Messaging.RabbitMqAddress(configuration), ClientProvidedName = "tasks agent queues" }
                    .CreateConnectionAsync(cancellationToken);
            }
            return connection;
        }
        finally
        {
            connecting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
            await connection.DisposeAsync();
    }
}
