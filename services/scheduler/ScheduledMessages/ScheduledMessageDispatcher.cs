using CodeTether.Scheduler.Data;
using MassTransit;
using MassTransit.Logging;
using MassTransit.Middleware;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CodeTether.Scheduler.ScheduledMessages;

/// <summary>
/// Sends scheduled messages when they are due. Each round locks up to <see cref="ScheduledMessageOptions.BatchSize"/> due rows
/// that no other scheduler instance holds (<c>FOR UPDATE SKIP LOCKED</c>), sends them (publisher confirms: a send returns once
/// the broker has the message), and deletes the sent rows in the same transaction. A crash between send and commit sends again
/// (at least once; consumers are idempotent). A full batch is followed at once by the next; otherwise it sleeps until the next
/// due time, at most <see cref="ScheduledMessageOptions.PollInterval"/>, or until this process stores a message.
/// </summary>
public sealed class ScheduledMessageDispatcher(IBusControl bus, IServiceScopeFactory scopeFactory, ScheduledMessageSignal signal,
    IOptions<ScheduledMessageOptions> options, TimeProvider clock, ILogger<ScheduledMessageDispatcher> logger) : BackgroundService
{
    static readonly TimeSpan CleanupInterval = TimeSpan.FromMinutes(10);

    readonly ScheduledMessageOptions _options = options.Value;
    DateTime _nextCleanup;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await bus.WaitForHealthStatus(BusHealthStatus.Healthy, stoppingToken);
            var wait = _options.PollInterval;
            try
            {
                var (locked, nextDue) = await DeliverDueAsync(stoppingToken);
                if (locked >= _options.BatchSize)
                    continue;
                if (nextDue is { } next)
                    wait = TimeSpan.FromTicks(Math.Clamp((next - clock.GetUtcNow().UtcDateTime).Ticks, 0, wait.Ticks));
                await ForgetOldCancellationsAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(exception, "Delivering scheduled messages failed; trying again in {PollInterval}", _options.PollInterval);
            }

            await signal.WaitAsync(wait, stoppingToken);
        }
    }

    /// <returns>How many due rows this round locked, and when the next row not yet due is due.</returns>
    async Task<(int Locked, DateTime? NextDue)> DeliverDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulerDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var due = await db.Set<ScheduledMessage>()
                .FromSql($"SELECT * FROM scheduled_messages WHERE scheduled_time <= {now} ORDER BY scheduled_time LIMIT {_options.BatchSize} FOR UPDATE SKIP LOCKED")
                .AsTracking()
                .ToListAsync(cancellationToken);
            if (due.Count == 0)
                return (0, await NextDueAsync(db, cancellationToken));

            var tokens = due.Select(x => x.TokenId).ToList();
            var cancellations = await db.Set<ScheduledMessageCancellation>()
                .Where(c => tokens.Contains(c.TokenId))
                .ToDictionaryAsync(c => c.TokenId, c => c.CancelledAt, cancellationToken);

            var toSend = new List<ScheduledMessage>();
            foreach (var message in due)
            {
                if (cancellations.TryGetValue(message.TokenId, out var cancelledAt) && cancelledAt >= message.SentTime)
                    db.Remove(message);
                else if (message.ExpirationTime is { } expires && expires <= now)
                {
                    logger.LogWarning("Scheduled message {TokenId} to {Destination} expired at {ExpirationTime:O} before it was due; dropped",
                        message.TokenId, message.DestinationAddress, expires);
                    db.Remove(message);
                }
                else
                    toSend.Add(message);
            }

            var sent = await Task.WhenAll(toSend.Select(message => TrySendAsync(message, cancellationToken)));
            for (var i = 0; i < toSend.Count; i++)
            {
                if (sent[i])
                    db.Remove(toSend[i]);
                else
                {
                    toSend[i].DeliveryAttempts++;
                    toSend[i].ScheduledTime = now + RetryDelay(toSend[i].DeliveryAttempts);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (sent.Length > 0)
                logger.LogDebug("Delivered {Count} scheduled messages", sent.Count(x => x));
            return (due.Count, await NextDueAsync(db, cancellationToken));
        }
    }

    static Task<DateTime?> NextDueAsync(SchedulerDbContext db, CancellationToken cancellationToken) =>
        db.Set<ScheduledMessage>().MinAsync(x => (DateTime?)x.ScheduledTime, cancellationToken);

    /// <summary>1 s, 2 s, 4 s … up to 5 minutes between attempts at a message the broker would not take.</summary>
    static TimeSpan RetryDelay(int attempts) => TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, Math.Min(attempts - 1, 9))));

    async Task<bool> TrySendAsync(ScheduledMessage message, CancellationToken cancellationToken)
    {
        // Sent as part of the trace that scheduled it (the ScheduleMessage's headers carry that span), not of this loop.
        var activity = LogContext.Current?.StartOutboxDeliverActivity(message);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.SendTimeout);
            var destination = new Uri(message.DestinationAddress);
            var endpoint = await bus.GetSendEndpoint(destination);
            await endpoint.Send(new SerializedMessageBody(), new OutboxMessageSendPipe(message, destination), timeout.Token);
            return true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Scheduled message {TokenId} could not be sent to {Destination} (attempt {Attempt}); it stays scheduled",
                message.TokenId, message.DestinationAddress, message.DeliveryAttempts + 1);
            return false;
        }
        finally
        {
            activity?.Stop();
        }
    }

    async Task ForgetOldCancellationsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (now < _nextCleanup)
            return;
        _nextCleanup = now + CleanupInterval;
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulerDbContext>();
        var before = now - _options.CancellationRetention;
        await db.Set<ScheduledMessageCancellation>().Where(c => c.CreatedAt < before).ExecuteDeleteAsync(cancellationToken);
    }
}
