namespace CodeTether.Billing.Data;

/// <summary>One model call's tokens and what they cost, counted once per <see cref="UsageId"/>.</summary>
public class UsageRecord
{
    public Guid UsageId { get; init; }
    public Guid TenantId { get; init; }
    public Guid? TaskId { get; init; }
    public required string Model { get; init; }
    /// <summary>The UTC month of <see cref="RecordedAt"/>, as <c>YYYY-MM</c>.</summary>
    public required string Month { get; init; }
    public long InputTokens { get; init; }
    public long CachedInputTokens { get; init; }
    public long OutputTokens { get; init; }
    public decimal Cost { get; init; }
    /// <summary>False when the model has no price: counted at zero and flagged in the usage report.</summary>
    public bool Priced { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
}
