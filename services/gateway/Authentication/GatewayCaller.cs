using System.Security.Claims;
using CodeTether.Gateway.Tenants;
using CodeTether.ServiceDefaults;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CodeTether.Gateway.Authentication;

/// <summary>How a caller proved who it is.</summary>
public enum CallerKind
{
    ApiKey,
    OAuth,
}

/// <summary>
/// Who is calling, as established from their API key or OAuth access token; kept as claims on the request's user.
/// The subject is the API key's id for key callers and the token's <c>sub</c> for OAuth callers; the key fields are null
/// for OAuth callers.
/// </summary>
public sealed record GatewayCaller(
    CallerKind Kind,
    Guid TenantId,
    string TenantName,
    Plan Plan,
    string Subject,
    IReadOnlyList<string> Scopes,
    Guid? KeyId = null,
    string? KeyName = null,
    string? KeyPrefix = null)
{
    private const string KindClaim = "ct_auth";
    private const string TenantNameClaim = "tenant_name";
    private const string KeyIdClaim = "key_id";
    private const string KeyNameClaim = "key_name";
    private const string KeyPrefixClaim = "key_prefix";

    public static GatewayCaller ForKey(Guid tenantId, string tenantName, Plan plan, Guid keyId, string keyName, string keyPrefix, IReadOnlyList<string> scopes) =>
        new(CallerKind.ApiKey, tenantId, tenantName, plan, keyId.ToString(), scopes, keyId, keyName, keyPrefix);

    /// <summary>What the gateway tells the services: the subject tells two keys (or two users) of a tenant apart.</summary>
    public CallerIdentity Identity => new(TenantId, Subject, Plans.Name(Plan), Scopes);

    /// <summary>The rate-limit bucket: one per API key, one per OAuth subject.</summary>
    public string RateLimitKey => Kind == CallerKind.ApiKey ? KeyId!.Value.ToString("N") : $"oauth:{Subject}";

    public bool HasScope(string scope) => Scopes.Contains(scope, StringComparer.Ordinal);

    public ClaimsPrincipal ToPrincipal(string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(KindClaim, Kind.ToString()),
            new(JwtRegisteredClaimNames.Sub, Subject),
            new(GatewayIdentity.TenantClaim, TenantId.ToString()),
            new(GatewayIdentity.PlanClaim, Plans.Name(Plan)),
            new(GatewayIdentity.ScopeClaim, string.Join(' ', Scopes)),
            new(TenantNameClaim, TenantName),
        };
        if (KeyId is { } keyId)
        {
            claims.Add(new Claim(KeyIdClaim, keyId.ToString()));
            claims.Add(new Claim(KeyNameClaim, KeyName ?? ""));
            claims.Add(new Claim(KeyPrefixClaim, KeyPrefix ?? ""));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, JwtRegisteredClaimNames.Sub, null));
    }

    public static GatewayCaller From(ClaimsPrincipal user)
    {
        var identity = CallerIdentity.From(user);
        return new GatewayCaller(
            Enum.Parse<CallerKind>(user.FindFirstValue(KindClaim) ?? nameof(CallerKind.ApiKey)),
            identity.TenantId,
            user.FindFirstValue(TenantNameClaim) ?? "",
            Plans.Parse(identity.Plan),
            identity.Subject,
            identity.Scopes,
            Guid.TryParse(user.FindFirstValue(KeyIdClaim), out var keyId) ? keyId : null,
            user.FindFirstValue(KeyNameClaim),
            user.FindFirstValue(KeyPrefixClaim));
    }
}
