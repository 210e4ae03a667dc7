using MassTransit;
using MassTransit.Middleware;
using MassTransit.Middleware.Outbox;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.ServiceDefaults.Persistence;

/// <summary>The consume context a consumer or saga sees inside the outbox: what it sends is stored, in its transaction, not sent.</summary>
internal sealed class DbContextOutboxConsumeContext<TMessage>(ConsumeContext<TMessage> context, OutboxConsumeOptions options, IServiceProvider provider,
    DbContext dbContext, InboxState inboxState) : OutboxConsumeContextProxy<TMessage>(context, options, provider)
    where TMessage : class
{
    readonly Lock _addLock = new();

    public override bool ContinueProcessing { get; set; } = true;
    public override bool IsMessageConsumed => inboxState.Consumed.HasValue;
    public override bool IsOutboxDelivered => inboxState.Delivered.HasValue;
    public override int ReceiveCount => inboxState.ReceiveCount;
    public override long? LastSequenceNumber => inboxState.LastSequenceNumber;

    public override Task SetConsumed()
    {
        inboxState.Consumed = DateTime.UtcNow;
        return dbContext.SaveChangesAsync(CancellationToken);
    }

    public override Task SetDelivered()
    {
        inboxState.Delivered = DateTime.UtcNow;
        return dbContext.SaveChangesAsync(CancellationToken);
    }

    public override async Task<List<OutboxMessageContext>> LoadOutboxMessages()
    {
        var lastSequenceNumber = inboxState.LastSequenceNumber ?? 0;
        var messages = await dbContext.Set<OutboxMessage>()
            .Where(x => x.InboxMessageId == inboxState.MessageId && x.InboxConsumerId == inboxState.ConsumerId && x.SequenceNumber > lastSequenceNumber)
            .OrderBy(x => x.SequenceNumber)
            .Take(Options.MessageDeliveryLimit + 1)
            .AsNoTracking()
            .ToListAsync(CancellationToken);
        return [.. messages.Select(OutboxMessageContext (x) => x.Deserialize())];
    }

    public override Task NotifyOutboxMessageDelivered(OutboxMessageContext message)
    {
        inboxState.LastSequenceNumber = message.SequenceNumber;
        return Task.CompletedTask;
    }

    public override Task RemoveOutboxMessages() => dbContext.Set<OutboxMessage>()
        .Where(x => x.InboxMessageId == inboxState.MessageId && x.InboxConsumerId == inboxState.ConsumerId)
        .ExecuteDeleteAsync(CancellationToken);

    public override Task AddSend<T>(SendContext<T> context)
    {
        var message = OutboxMessage.Create(context, inboxState.MessageId, inboxState.ConsumerId);
        lock (_addLock)
            dbContext.Add(message);
        return Task.CompletedTask;
    }
}
