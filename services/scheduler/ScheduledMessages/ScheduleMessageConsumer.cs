using CodeTether.Scheduler.Data;
using CodeTether.ServiceDefaults;
using MassTransit;
using MassTransit.Context;
using MassTransit.Scheduling;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Scheduler.ScheduledMessages;

/// <summary>
/// Stores MassTransit's <see cref="ScheduleMessage"/> and applies <see cref="CancelScheduledMessage"/> on the <c>scheduler</c> queue.
/// Both run in the endpoint's outbox transaction (the inbox drops a redelivered message) and take a transaction-scoped
/// advisory lock on the token, so a schedule and a cancel of one token never interleave.
/// The same <c>ScheduleMessage</c> twice keeps one row; a newer one with the same token replaces it (as Quartz reschedules);
/// a cancel sent at or after the schedule wins whichever arrives first, because cancelled tokens are remembered
/// (see <see cref="ScheduledMessageOptions.CancellationRetention"/>).
/// </summary>
public sealed class ScheduleMessageConsumer(SchedulerDbContext db, ScheduledMessageSignal signal, TimeProvider clock, ILogger<ScheduleMessageConsumer> logger) :
    IConsumer<ScheduleMessage>,
    IConsumer<CancelScheduledMessage>
{
    public async Task Consume(ConsumeContext<ScheduleMessage> context)
    {
        var schedule = context.Message;
        var destination = schedule.Destination ?? throw new InvalidOperationException("A ScheduleMessage needs a Destination.");
        if (schedule.PayloadType is not { Length: > 0 })
            throw new InvalidOperationException("A ScheduleMessage needs a PayloadType.");

        // The payload as a whole envelope of its own types, as MassTransit's Quartz integration stores it.
        var body = context.SerializerContext.GetMessageSerializer(schedule.Payload, schedule.PayloadType)
            .GetMessageBody(new MessageSendContext<ScheduleMessage>(schedule));

        var now = clock.GetUtcNow().UtcDateTime;
        var message = new ScheduledMessage
        {
            TokenId = schedule.CorrelationId,
            DestinationAddress = destination.ToString(),
            ScheduledTime = Utc(schedule.ScheduledTime),
            MessageType = string.Join(';', schedule.PayloadType),
            ContentType = (context.ReceiveContext.ContentType ?? SystemTextJsonMessageSerializer.JsonContentType).ToString(),
            Body = body.GetString(),
            Headers = ScheduledMessage.SerializeHeaders(context.Headers),
            MessageId = context.MessageId ?? NewId.NextGuid(),
            ConversationId = context.ConversationId,
            CorrelationId = context.CorrelationId,
            InitiatorId = context.InitiatorId,
            RequestId = context.RequestId,
            SourceAddress = context.SourceAddress,
            ResponseAddress = context.ResponseAddress,
            FaultAddress = context.FaultAddress,
            SentTime = context.SentTime is { } sent ? Utc(sent) : now,
            ExpirationTime = context.ExpirationTime is { } expires ? Utc(expires) : null,
            CreatedAt = now,
        };

        await LockTokenAsync(message.TokenId, context.CancellationToken);

        var cancelled = await db.Set<ScheduledMessageCancellation>()
            .AnyAsync(c => c.TokenId == message.TokenId && c.CancelledAt >= message.SentTime, context.CancellationToken);
        if (cancelled)
        {
            logger.LogInformation("Scheduled message {TokenId} was cancelled before it arrived; it is not stored", message.TokenId);
            return;
        }

        var existing = await db.Set<ScheduledMessage>().FindAsync([message.TokenId], context.CancellationToken);
        if (existing is null)
            db.Add(message);
        else if (existing.MessageId != message.MessageId && existing.SentTime <= message.SentTime)
            db.Entry(existing).CurrentValues.SetValues(message);
        else
            return; // the same ScheduleMessage again, or an older one overtaken by a reschedule

        await db.SaveChangesAsync(context.CancellationToken);
        signal.Notify();
        logger.LogDebug("Scheduled message {TokenId} for {ScheduledTime:O} to {Destination}", message.TokenId, message.ScheduledTime, message.DestinationAddress);
    }

    public async Task Consume(ConsumeContext<CancelScheduledMessage> context)
    {
        var tokenId = context.Message.TokenId;
        var now = clock.GetUtcNow().UtcDateTime;
        var cancelledAt = context.Message.Timestamp == default ? now : Utc(context.Message.Timestamp);

        await LockTokenAsync(tokenId, context.CancellationToken);

        var cancellation = await db.Set<ScheduledMessageCancellation>().FindAsync([tokenId], context.CancellationToken);
        if (cancellation is null)
            db.Add(new ScheduledMessageCancellation { TokenId = tokenId, CancelledAt = cancelledAt, CreatedAt = now });
        else if (cancellation.CancelledAt < cancelledAt)
            cancellation.CancelledAt = cancelledAt;
        await db.SaveChangesAsync(context.CancellationToken);

        var removed = await db.Set<ScheduledMessage>()
            .Where(x => x.TokenId == tokenId && x.SentTime <= cancelledAt)
            .ExecuteDeleteAsync(context.CancellationToken);
        logger.LogDebug("Cancelled scheduled message {TokenId} ({Removed} removed)", tokenId, removed);
    }

    Task LockTokenAsync(Guid tokenId, CancellationToken cancellationToken)
    {
        var key = BitConverter.ToInt64(tokenId.ToByteArray(), 0);
        return db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", cancellationToken);
    }

    internal static DateTime Utc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };
}

/// <summary>The consumer on the <c>scheduler</c> queue that every service's message scheduler sends to.</summary>
public sealed class ScheduleMessageConsumerDefinition : ConsumerDefinition<ScheduleMessageConsumer>
{
    public ScheduleMessageConsumerDefinition()
    {
        EndpointName = Messaging.SchedulerQueue;
        ConcurrentMessageLimit = 16;
    }
}
