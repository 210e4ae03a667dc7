using CodeTether.Contracts.Billing;
using CodeTether.Tasks.Data;
using MassTransit;

namespace CodeTether.Tasks.Spending;

/// <summary>Learns from billing's events (not from a call per request) which tenants have reached their spending limit.</summary>
public class SpendingLimitConsumer(TasksDbContext db) : IConsumer<SpendingLimitReached>, IConsumer<SpendingLimitLifted>
{
    public async Task Consume(ConsumeContext<SpendingLimitReached> context)
    {
        var reached = context.Message;
        var block = await db.SpendingBlocks.FindAsync([reached.TenantId], context.CancellationToken);
        if (block is null)
            db.SpendingBlocks.Add(block = new SpendingBlock { TenantId = reached.TenantId, Month = reached.Month });
        block.Month = reached.Month;
        block.SpendingLimit = reached.SpendingLimit;
        block.TotalCost = reached.TotalCost;
        await db.SaveChangesAsync(context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<SpendingLimitLifted> context)
    {
        var block = await db.SpendingBlocks.FindAsync([context.Message.TenantId], context.CancellationToken);
        if (block?.Month != context.Message.Month)
            return;
        db.SpendingBlocks.Remove(block);
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
