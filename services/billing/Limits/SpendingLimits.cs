using CodeTether.Billing.Data;
using CodeTether.Billing.Usage;
using CodeTether.Contracts.Billing;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Billing.Limits;

/// <summary>
/// Decides, per tenant and month, whether the spending limit is reached, and tells the tasks service when that changes.
/// Callers hold the tenant's row locked (<see cref="LockAsync"/>) so that concurrent usage is counted in order and each
/// change is announced once.
/// </summary>
public class SpendingLimits(BillingDbContext db, IPublishEndpoint publisher, TimeProvider clock)
{
    public async Task<TenantSpending> LockAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO tenant_spending (tenant_id, updated_at) VALUES ({tenantId}, {clock.GetUtcNow()}) ON CONFLICT (tenant_id) DO NOTHING",
            cancellationToken);
        return await db.Spending
            .FromSqlInterpolated($"SELECT * FROM tenant_spending WHERE tenant_id = {tenantId} FOR UPDATE")
            .AsTracking()
            .SingleAsync(cancellationToken);
    }

    /// <summary>Sets (or, with <c>null</c>, removes) the monthly limit; it applies to this month's cost at once.</summary>
    public async Task<TenantSpending> SetLimitAsync(Guid tenantId, decimal? limit, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var spending = await LockAsync(tenantId, cancellationToken);
        spending.SpendingLimit = limit;
        await ReassessAsync(spending, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return spending;
    }

    /// <summary>Re-evaluates the current month after usage or the limit changed; publishes reached or lifted on a change.</summary>
    public async Task ReassessAsync(TenantSpending spending, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        spending.UpdatedAt = now;
        var month = BillingMonth.Of(now);
        var wasReached = spending.LimitReachedMonth == month.ToString();
        var cost = spending.CostIn(month);
        var reached = spending.SpendingLimit is { } limit && cost >= limit;

        if (reached && !wasReached)
        {
            spending.LimitReachedMonth = month.ToString();
            await publisher.Publish(new SpendingLimitReached
            {
                TenantId = spending.TenantId,
                Month = month.ToString(),
                SpendingLimit = spending.SpendingLimit!.Value,
                TotalCost = cost,
                ReachedAt = now,
            }, cancellationToken);
        }
        else if (!reached && wasReached)
        {
            spending.LimitReachedMonth = null;
            await publisher.Publish(new SpendingLimitLifted
            {
                TenantId = spending.TenantId,
                Month = month.ToString(),
                SpendingLimit = spending.SpendingLimit,
                LiftedAt = now,
            }, cancellationToken);
        }
    }
}
