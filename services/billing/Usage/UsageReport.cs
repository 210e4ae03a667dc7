using CodeTether.Billing.Data;
using CodeTether.Billing.Limits;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Billing.Usage;

/// <summary>The Zapier document's "Get Token Usage" fields for one tenant and month, with a breakdown by model.</summary>
public record UsageReport(
    string Month,
    long TotalTokens,
    long InputTokens,
    long OutputTokens,
    decimal TotalCost,
    int TotalRequests,
    decimal? BudgetRemaining,
    decimal? SpendingLimit,
    bool SpendingLimitReached,
    IReadOnlyList<ModelUsage> ByModel,
    IReadOnlyList<string> UnpricedModels)
{
    public static async Task<UsageReport> ForAsync(BillingDbContext db, Guid tenantId, BillingMonth month, CancellationToken cancellationToken)
    {
        var monthKey = month.ToString();
        var byModel = await db.Usage.AsNoTracking()
            .Where(u => u.TenantId == tenantId && u.Month == monthKey)
            .GroupBy(u => u.Model)
            .OrderBy(g => g.Key)
            .Select(g => new ModelUsage(g.Key, g.Sum(u => u.InputTokens), g.Sum(u => u.CachedInputTokens), g.Sum(u => u.OutputTokens),
                g.Sum(u => u.InputTokens + u.OutputTokens), g.Sum(u => u.Cost), g.Count(), g.Count(u => !u.Priced) == 0))
            .ToListAsync(cancellationToken);
        var spending = await db.Spending.AsNoTracking().SingleOrDefaultAsync(s => s.TenantId == tenantId, cancellationToken);

        var cost = byModel.Sum(m => m.Cost);
        var limit = spending?.SpendingLimit;
        return new UsageReport(monthKey,
            byModel.Sum(m => m.TotalTokens), byModel.Sum(m => m.InputTokens), byModel.Sum(m => m.OutputTokens),
            cost, byModel.Sum(m => m.Requests),
            limit is { } l ? Math.Max(0m, l - cost) : null, limit,
            spending?.LimitReachedMonth == monthKey,
            byModel, byModel.Where(m => !m.Priced).Select(m => m.Model).ToList());
    }
}

public record ModelUsage(string Model, long InputTokens, long CachedInputTokens, long OutputTokens, long TotalTokens, decimal Cost, int Requests, bool Priced);
