using System.Security.Claims;
using CodeTether.Gateway.Tenants;
using CodeTether.ServiceDefaults;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CodeTether.Gateway.Authentication;

/// <summary>Who is calling, as established from their API key; kept as claims on the request's user.</summary>
public sealed record ApiKeyCaller(Guid TenantId, string TenantName, Plan Plan, Guid KeyId, string KeyName, string KeyPrefix, IReadOnlyList<string> Scopes)
{
    private const string TenantNameClaim = "tenant_name";
    private const string KeyNameClaim = "key_name";
    private const string KeyPrefixClaim = "key_prefix";

    /// <summary>What the gateway tells the services: the subject is the key, so a service can tell two keys of a tenant apart.</summary>
    public CallerIdentity Identity => new(TenantId, KeyId.ToString(), Plans.Name(Plan), Scopes);

    public ClaimsPrincipal ToPrincipal(string authenticationType) => new(new ClaimsIdentity(
    [
        new Claim(JwtRegisteredClaimNames.Sub, KeyId.ToString()),
        new Claim(GatewayIdentity.TenantClaim, TenantId.ToString()),
        new Claim(GatewayIdentity.PlanClaim, Plans.Name(Plan)),
        new Claim(GatewayIdentity.ScopeClaim, string.Join(' ', Scopes)),
        new Claim(TenantNameClaim, TenantName),
        new Claim(KeyNameClaim, KeyName),
        new Claim(KeyPrefixClaim, KeyPrefix),
    ], authenticationType, JwtRegisteredClaimNames.Sub, null));

    public static ApiKeyCaller From(ClaimsPrincipal user)
    {
        var identity = CallerIdentity.From(user);
        return new ApiKeyCaller(
            identity.TenantId,
            user.FindFirstValue(TenantNameClaim) ?? "",
            Plans.Parse(identity.Plan),
            Guid.Parse(identity.Subject),
            user.FindFirstValue(KeyNameClaim) ?? "",
            user.FindFirstValue(KeyPrefixClaim) ?? "",
            identity.Scopes);
    }
}
