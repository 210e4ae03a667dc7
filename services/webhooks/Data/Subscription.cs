namespace CodeTether.Webhooks.Data;

/// <summary>A REST hook (Zapier, n8n trigger): every event of this kind in the tenant is posted to the target URL.</summary>
public class Subscription
{
    public required Guid Id { get; init; }
    public required Guid TenantId { get; init; }
    public required string TargetUrl { get; init; }
    public required string Event { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}
