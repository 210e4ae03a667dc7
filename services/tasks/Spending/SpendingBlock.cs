namespace CodeTether.Tasks.Spending;

/// <summary>A tenant whose spending limit was reached in <see cref="Month"/> (UTC, <c>YYYY-MM</c>), as billing announced it.</summary>
public class SpendingBlock
{
    public Guid TenantId { get; init; }
    public required string Month { get; set; }
    public decimal SpendingLimit { get; set; }
    public decimal TotalCost { get; set; }
}
