using CodeTether.Billing.Data;
using CodeTether.Billing.Limits;
using CodeTether.Billing.Usage;
using CodeTether.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Billing.Api;

public static class BillingApi
{
    public static RouteGroupBuilder MapBillingApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/billing");
        group.MapGet("/usage", GetUsage);
        group.MapGet("/limits", GetLimits);
        group.MapPut("/limits", PutLimits);
        return group;
    }

    private static async Task<Results<Ok<UsageReport>, ValidationProblem>> GetUsage(
        string? month, HttpContext http, BillingDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        BillingMonth? selected = month is null ? BillingMonth.Of(clock.GetUtcNow()) : null;
        if (month is not null && !BillingMonth.TryParse(month, out selected))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["month"] = [$"'{month}' is not a month: use YYYY-MM, for example {BillingMonth.Of(clock.GetUtcNow())}."],
            });
        return TypedResults.Ok(await UsageReport.ForAsync(db, http.Caller().TenantId, selected!.Value, cancellationToken));
    }

    private static async Task<Ok<SpendingLimitResponse>> GetLimits(HttpContext http, BillingDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var tenant = http.Caller().TenantId;
        var spending = await db.Spending.AsNoTracking().SingleOrDefaultAsync(s => s.TenantId == tenant, cancellationToken);
        return TypedResults.Ok(SpendingLimitResponse.From(spending, BillingMonth.Of(clock.GetUtcNow())));
    }

    private static async Task<Results<Ok<SpendingLimitResponse>, ValidationProblem>> PutLimits(
        SpendingLimitRequest request, HttpContext http, SpendingLimits limits, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request.SpendingLimit is < 0)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["spending_limit"] = ["The spending limit must be zero or more (USD), or null for no limit."],
            });

        var spending = await limits.SetLimitAsync(http.Caller().TenantId, request.SpendingLimit, cancellationToken);
        return TypedResults.Ok(SpendingLimitResponse.From(spending, BillingMonth.Of(clock.GetUtcNow())));
    }
}

public record SpendingLimitRequest(decimal? SpendingLimit);

public record SpendingLimitResponse(decimal? SpendingLimit, bool LimitReached)
{
    public static SpendingLimitResponse From(TenantSpending? spending, BillingMonth current) =>
        new(spending?.SpendingLimit, spending?.LimitReachedMonth == current.ToString());
}
