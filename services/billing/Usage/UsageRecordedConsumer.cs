using CodeTether.Billing.Data;
using CodeTether.Billing.Limits;
using CodeTether.Billing.Pricing;
using CodeTether.Contracts.Billing;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Billing.Usage;

/// <summary>
/// Counts each model call once: the inbox drops a redelivered message, and the usage id drops a copy published again
/// (a replay, a retried worker). Runs in the outbox's transaction, with the tenant's spending row locked.
/// </summary>
public class UsageRecordedConsumer(BillingDbContext db, PriceList prices, SpendingLimits limits) : IConsumer<UsageRecorded>
{
    public async Task Consume(ConsumeContext<UsageRecorded> context)
    {
        var usage = context.Message;
        var spending = await limits.LockAsync(usage.TenantId, context.CancellationToken);
        if (await db.Usage.AnyAsync(u => u.UsageId == usage.UsageId, context.CancellationToken))
            return;

        var (cost, priced) = prices.Cost(usage);
        var month = BillingMonth.Of(usage.RecordedAt);
        spending.Count(month, cost);
        db.Usage.Add(new UsageRecord
        {
            UsageId = usage.UsageId,
            TenantId = usage.TenantId,
            TaskId = usage.TaskId,
            Model = usage.Model,
            Month = month.ToString(),
            InputTokens = usage.InputTokens,
            CachedInputTokens = usage.CachedInputTokens,
            OutputTokens = usage.OutputTokens,
            Cost = cost,
            Priced = priced,
            RecordedAt = usage.RecordedAt,
        });
        await db.SaveChangesAsync(context.CancellationToken);
        await limits.ReassessAsync(spending, context.CancellationToken);
    }
}
