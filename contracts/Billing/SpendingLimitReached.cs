namespace CodeTether.Contracts.Billing;

/// <summary>A tenant's cost this month reached its spending limit: new tasks are refused until the limit is raised or the month ends.</summary>
public record SpendingLimitReached
{
    public required Guid TenantId { get; init; }
    /// <summary>The UTC month, as <c>YYYY-MM</c>.</summary>
    public required string Month { get; init; }
    public required decimal SpendingLimit { get; init; }
    public required decimal TotalCost { get; init; }
    public required DateTimeOffset ReachedAt { get; init; }
}
