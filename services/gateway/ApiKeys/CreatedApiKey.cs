namespace CodeTether.Gateway.ApiKeys;

/// <summary>The only answer that ever contains the full key.</summary>
public sealed record CreatedApiKey(
    Guid Id,
    string ApiKey,
    string Prefix,
    string Name,
    IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt);
