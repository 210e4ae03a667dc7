using MassTransit;
using MassTransit.Middleware;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.ServiceDefaults.Persistence;

/// <summary>
/// The consumer side of the transactional outbox (after MassTransit.EntityFrameworkCoreIntegration, Apache-2.0).
/// MassTransit's <see cref="OutboxMessagePipe{TMessage}"/> runs the consumer, then delivers what it sent, then cleans up;
/// each of those steps runs here in its own transaction that holds the message's inbox row locked.
/// </summary>
public sealed class EntityFrameworkOutboxContextFactory<TDbContext>(TDbContext dbContext, IServiceProvider provider) : IOutboxContextFactory<TDbContext>
    where TDbContext : DbContext
{
    static string? _receiveSql;

    public async Task Send<T>(ConsumeContext<T> context, OutboxConsumeOptions options, IPipe<OutboxConsumeContext<T>> next)
        where T : class
    {
        var messageId = context.GetOriginalMessageId() ?? throw new MessageException(typeof(T), "A message needs a MessageId to go through the outbox.");

        var continueProcessing = true;
        while (continueProcessing)
        {
            await using var transaction = await dbContext.Database.BeginTransactionAsync(context.CancellationToken);
            var inboxState = await ReceiveAsync(messageId, options.ConsumerId, context.CancellationToken);

            var outboxContext = new DbContextOutboxConsumeContext<T>(context, options, provider, dbContext, inboxState);
            await next.Send(outboxContext);

            await dbContext.SaveChangesAsync(context.CancellationToken);
            await transaction.CommitAsync(context.CancellationToken);
            // A tracked row would shadow what the next step's query returns.
            dbContext.Entry(inboxState).State = EntityState.Detached;
            continueProcessing = outboxContext.ContinueProcessing;
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("outboxContextFactory").Add("provider", "entityFrameworkCore");

    /// <summary>
    /// Inserts the inbox row or counts one more receive; either way the row stays locked until commit, so a duplicate
    /// delivered at the same time waits here and then finds the message already consumed.
    /// </summary>
    async Task<InboxState> ReceiveAsync(Guid messageId, Guid consumerId, CancellationToken cancellationToken)
    {
        var rows = await dbContext.Set<InboxState>().FromSqlRaw(_receiveSql ??= ReceiveSql(dbContext), messageId, consumerId, DateTime.UtcNow)
            .AsTracking()
            .ToListAsync(cancellationToken);
        return rows.Single();
    }

    static string ReceiveSql(DbContext dbContext)
    {
        var inbox = new StoreNames<InboxState>(dbContext);
        var (message, consumer, received, receiveCount) = (inbox.Column(nameof(InboxState.MessageId)), inbox.Column(nameof(InboxState.ConsumerId)),
            inbox.Column(nameof(InboxState.Received)), inbox.Column(nameof(InboxState.ReceiveCount)));
        return $$"""
            INSERT INTO {{inbox.Table}} AS inbox ({{message}}, {{consumer}}, {{received}}, {{receiveCount}}) VALUES ({0}, {1}, {2}, 1)
            ON CONFLICT ({{message}}, {{consumer}}) DO UPDATE SET {{receiveCount}} = inbox.{{receiveCount}} + 1
            RETURNING *
            """;
    }
}
