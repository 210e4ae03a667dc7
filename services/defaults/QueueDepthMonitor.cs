using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CodeTether.ServiceDefaults.Journal;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace CodeTether.ServiceDefaults;

/// <summary>
/// Feeds <c>codetether.queue.depth</c> with the messages ready in each durable queue this service's bus receives from,
/// read every 15 s with a passive <c>queue.declare</c> on a connection of its own: it needs only the AMQP
/// address every service already has, not the management plugin. Temporary queues (one per process) are left out. While
/// RabbitMQ cannot be reached, no depth is reported rather than a stale one.
/// </summary>
public sealed class QueueDepthMonitor : BackgroundService, IReceiveEndpointObserver
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<string, long?> depths = new();
    private readonly ConnectionFactory connectionFactory;
    private readonly ILogger<QueueDepthMonitor> logger;

    public QueueDepthMonitor(CodeTetherMetrics metrics, Uri rabbitMq, IHostEnvironment environment, ILogger<QueueDepthMonitor> logger)
    {
        connectionFactory = JournalStream.ConnectionFactory(rabbitMq, $"{environment.ApplicationName} queue depths");
        this.logger = logger;
        metrics.ObserveQueueDepths(() => depths
            .Where(d => d.Value is not null)
            .Select(d => new Measurement<long>(d.Value!.Value, new KeyValuePair<string, object?>("queue", d.Key))));
    }

    public Task Ready(ReceiveEndpointReady ready)
    {
        if (DurableQueueName(ready.InputAddress) is { } queue)
            depths.TryAdd(queue, null);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await connectionFactory.CreateConnectionAsync(stoppingToken);
                while (true)
                {
                    await ReadDepthsAsync(connection, stoppingToken);
                    await Task.Delay(Interval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                foreach (var queue in depths.Keys)
                    depths[queue] = null;
                logger.LogDebug(e, "Queue depths unavailable; retrying in {Interval}", Interval);
                await Task.Delay(Interval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task ReadDepthsAsync(IConnection connection, CancellationToken cancellationToken)
    {
        // A queue deleted meanwhile (404) closes the channel: the next queue gets a new one.
        IChannel? channel = null;
        try
        {
            foreach (var queue in depths.Keys)
            {
                channel ??= await connection.CreateChannelAsync(cancellationToken: cancellationToken);
                try
                {
                    depths[queue] = (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
                }
                catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
                {
                    depths[queue] = null;
                    await channel.DisposeAsync();
                    channel = null;
                }
            }
        }
        finally
        {
            if (channel is not null)
                await channel.DisposeAsync();
        }
    }

    /// <summary>The queue of a durable endpoint; null for a temporary one (non-durable or auto-delete, per MassTransit's address).</summary>
    private static string? DurableQueueName(Uri inputAddress)
    {
        var options = inputAddress.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries);
        if (options.Any(o => o.Equals("temporary=true", StringComparison.OrdinalIgnoreCase) || o.Equals("autodelete=true", StringComparison.OrdinalIgnoreCase)
                             || o.Equals("durable=false", StringComparison.OrdinalIgnoreCase)))
            return null;
        return Uri.UnescapeDataString(inputAddress.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "") is { Length: > 0 } name
            ? name
            : null;
    }

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}
