using CodeTether.Billing.Usage;

namespace CodeTether.Billing.Data;

/// <summary>
/// A tenant's spending limit, the month in which it was reached (new tasks are refused that month), and the running cost
/// of the latest month with usage, so deciding on the limit never adds up the month's records.
/// </summary>
public class TenantSpending
{
    public Guid TenantId { get; init; }
    public decimal? SpendingLimit { get; set; }
    public string? LimitReachedMonth { get; set; }
    public string? CostMonth { get; set; }
    public decimal MonthCost { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Adds a model call's cost to its month's running total; a late call of an earlier month is only in its records.</summary>
    public void Count(BillingMonth month, decimal cost)
    {
        var key = month.ToString();
        if (CostMonth == key)
            MonthCost += cost;
        else if (CostMonth is null || string.CompareOrdinal(key, CostMonth) > 0)
            (CostMonth, MonthCost) = (key, cost);
    }

    public decimal CostIn(BillingMonth month) => CostMonth == month.ToString() ? MonthCost : 0m;
}
