namespace CodeTether.Gateway.Data;

/// <summary>An API key as stored: only its SHA-256 hash and a short prefix to recognise it by, never the key itself.</summary>
public sealed class ApiKey
{
    public Guid Id { get; init; }
    public Guid TenantId { get; init; }
    public Tenant Tenant { get; init; } = null!;
    public required string Name { get; init; }
    public required string[] Scopes { get; init; }
    public required string Prefix { get; init; }
    public required byte[] Hash { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
