using CodeTether.Tasks.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Tasks.Spending;

/// <summary>Refuses new tasks while the tenant's spending limit is reached this month; a new month lifts it by itself.</summary>
public class SpendingGuard(TasksDbContext db, TimeProvider clock)
{
    public async Task<ProblemDetails?> RefusalAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var month = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM");
        var block = await db.SpendingBlocks.AsNoTracking()
            .SingleOrDefaultAsync(b => b.TenantId == tenantId && b.Month == month, cancellationToken);
        return block is null
            ? null
            : new ProblemDetails
            {
                Status = StatusCodes.Status402PaymentRequired,
                Title = "Spending limit reached",
                Detail = $"This month's cost ({block.TotalCost:0.######} USD) has reached the spending limit of {block.SpendingLimit:0.######} USD. " +
                         "Raise the limit with PUT /v1/billing/limits, or wait for the next month (UTC).",
            };
    }
}
