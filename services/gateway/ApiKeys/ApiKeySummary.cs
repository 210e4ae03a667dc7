namespace CodeTether.Gateway.ApiKeys;

public sealed record ApiKeySummary(
    Guid Id,
    string Prefix,
    string Name,
    IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? ExpiresAt);
