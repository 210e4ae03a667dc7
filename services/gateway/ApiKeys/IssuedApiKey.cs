using CodeTether.Gateway.Data;

namespace CodeTether.Gateway.ApiKeys;

public sealed record IssuedApiKey(ApiKey Key, ApiKeySecret Secret);
