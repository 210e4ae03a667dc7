namespace CodeTether.Billing.Data;

/// <summary>A tenant's spending limit, and the month in which it was reached (new tasks are refused that month).</summary>
public class TenantSpending
{
    public Guid TenantId { get; init; }
    public decimal? SpendingLimit { get; set; }
    public string? LimitReachedMonth { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
