using CodeTether.Gateway.Tenants;

namespace CodeTether.Gateway.Account;

/// <summary>The answer of <c>GET /v1/automation/me</c>: which tenant and key the caller is, and what they may do.</summary>
public sealed record AccountInfo(
    Guid TenantId,
    string TenantName,
    Plan Plan,
    Guid KeyId,
    string KeyName,
    string KeyPrefix,
    IReadOnlyList<string> Scopes,
    RateLimitInfo RateLimit);
