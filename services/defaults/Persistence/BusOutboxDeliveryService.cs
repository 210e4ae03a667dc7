using MassTransit;
using MassTransit.Logging;
using MassTransit.Middleware;
using MassTransit.Middleware.Outbox;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodeTether.ServiceDefaults.Persistence;

/// <summary>
/// Delivers the bus outbox to the broker, at least once (after MassTransit.EntityFrameworkCoreIntegration, Apache-2.0).
/// While the broker is down it waits and the messages stay in the database. It takes the oldest outbox nobody else is
/// delivering (<c>FOR UPDATE SKIP LOCKED</c>), so several service instances can run it side by side, sends its messages
/// in order, and deletes each sent message in the same transaction that releases the outbox.
/// </summary>
public sealed class BusOutboxDeliveryService<TDbContext>(IBusControl bus, IBusOutboxNotification notification, IServiceScopeFactory scopeFactory,
    IOptions<OutboxDeliveryServiceOptions> options, ILogger<BusOutboxDeliveryService<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    static string? _lockOldestFreeOutboxSql;

    readonly OutboxDeliveryServiceOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await bus.WaitForHealthStatus(BusHealthStatus.Healthy, stoppingToken);
            bool delivered;
            try
            {
                delivered = await DeliverNextOutboxAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(exception, "Delivering the outbox failed; trying again in {QueryDelay}", _options.QueryDelay);
                delivered = false;
            }

            if (!delivered)
                await notification.WaitForDelivery(stoppingToken);
        }
    }

    /// <returns>Whether an outbox made progress, so that the next one should be tried at once.</returns>
    async Task<bool> DeliverNextOutboxAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var dbContext = scope.ServiceProvider.GetRequiredService<TDbContext>();
        await using var transaction = await dbContext.Database.BeginTransactionAsync(cancellationToken);

        var outbox = (await dbContext.Set<OutboxState>().FromSqlRaw(_lockOldestFreeOutboxSql ??= LockOldestFreeOutboxSql(dbContext)).AsTracking().ToListAsync(cancellationToken))
            .SingleOrDefault();
        if (outbox is null)
            return false;

        var messages = await dbContext.Set<OutboxMessage>()
            .Where(x => x.OutboxId == outbox.OutboxId)
            .OrderBy(x => x.SequenceNumber)
            .Take(_options.MessageDeliveryLimit)
            .ToListAsync(cancellationToken);

        var sent = 0;
        while (sent < messages.Count && await TrySendAsync(messages[sent], cancellationToken))
            dbContext.Remove(messages[sent++]);

        if (sent == messages.Count && messages.Count < _options.MessageDeliveryLimit)
            dbContext.Remove(outbox);

        await dbContext.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return sent > 0 || messages.Count == 0;
    }

    async Task<bool> TrySendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        // Sent as part of the trace of the request that stored it (its headers carry that span), not of this loop.
        var activity = LogContext.Current?.StartOutboxDeliverActivity(message.Deserialize());
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.MessageDeliveryTimeout);
            var endpoint = await bus.GetSendEndpoint(message.DestinationAddress!);
            await endpoint.Send(new SerializedMessageBody(), new OutboxMessageSendPipe(message, message.DestinationAddress), timeout.Token);
            return true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Outbox message {MessageId} could not be sent to {DestinationAddress}; it stays in the outbox",
                message.MessageId, message.DestinationAddress);
            return false;
        }
        finally
        {
            activity?.Stop();
        }
    }

    static string LockOldestFreeOutboxSql(DbContext dbContext)
    {
        var outbox = new StoreNames<OutboxState>(dbContext);
        return $"SELECT * FROM {outbox.Table} ORDER BY {outbox.Column(nameof(OutboxState.Created))} LIMIT 1 FOR UPDATE SKIP LOCKED";
    }
}
