using CodeTether.Gateway.Data;

namespace CodeTether.Gateway.ApiKeys;

public sealed class ApiKeyIssuer(GatewayDbContext db, TimeProvider clock)
{
    public async Task<IssuedApiKey> IssueAsync(Guid tenantId, string name, IEnumerable<string> scopes, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var secret = ApiKeySecret.Generate();
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            Name = name,
            Scopes = scopes.Distinct().ToArray(),
            Prefix = secret.Prefix,
            Hash = secret.Hash,
            CreatedAt = clock.GetUtcNow(),
            ExpiresAt = expiresAt,
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedApiKey(key, secret);
    }
}
