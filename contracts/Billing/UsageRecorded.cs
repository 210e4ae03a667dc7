namespace CodeTether.Contracts.Billing;

/// <summary>Tokens used by one model call, as the provider reported them. <see cref="UsageId"/> makes it countable once.</summary>
public record UsageRecorded
{
    public required Guid UsageId { get; init; }
    public required Guid TenantId { get; init; }
    public Guid? TaskId { get; init; }
    public required string Model { get; init; }
    /// <summary>All input tokens, cached ones included.</summary>
    public required long InputTokens { get; init; }
    /// <summary>The part of <see cref="InputTokens"/> the provider served from its prompt cache (priced lower where it has a cached price).</summary>
    public long CachedInputTokens { get; init; }
    public required long OutputTokens { get; init; }
    public required DateTimeOffset RecordedAt { get; init; }
}
