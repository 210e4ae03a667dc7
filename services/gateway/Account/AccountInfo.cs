using CodeTether.Gateway.Tenants;

namespace CodeTether.Gateway.Account;

/// <summary>
/// The answer of <c>GET /v1/automation/me</c>: which tenant and caller this is, and what they may do.
/// <paramref name="Auth"/> is <c>api_key</c> or <c>oauth</c>; the key fields are null for OAuth callers.
/// </summary>
public sealed record AccountInfo(
    Guid TenantId,
    string TenantName,
    Plan Plan,
    string Auth,
    string Subject,
    Guid? KeyId,
    string? KeyName,
    string? KeyPrefix,
    IReadOnlyList<string> Scopes,
    RateLimitInfo RateLimit);
