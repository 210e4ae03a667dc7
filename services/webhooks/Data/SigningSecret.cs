namespace CodeTether.Webhooks.Data;

/// <summary>A tenant's webhook signing secret, and the one it replaced while that one's grace period lasts.</summary>
public class SigningSecret
{
    public required Guid TenantId { get; init; }
    public required string Secret { get; set; }
    public required DateTimeOffset CreatedAt { get; set; }
    public string? PreviousSecret { get; set; }
    public DateTimeOffset? PreviousExpiresAt { get; set; }

    public string? PreviousAt(DateTimeOffset now) => PreviousExpiresAt > now ? PreviousSecret : null;
}
