namespace CodeTether.Contracts.Billing;

/// <summary>A tenant's spending limit was raised above (or removed from) this month's cost: tasks are accepted again.</summary>
public record SpendingLimitLifted
{
    public required Guid TenantId { get; init; }
    /// <summary>The UTC month, as <c>YYYY-MM</c>.</summary>
    public required string Month { get; init; }
    public decimal? SpendingLimit { get; init; }
    public required DateTimeOffset LiftedAt { get; init; }
}
