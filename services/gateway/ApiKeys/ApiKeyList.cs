namespace CodeTether.Gateway.ApiKeys;

public sealed record ApiKeyList(IReadOnlyList<ApiKeySummary> Keys);
