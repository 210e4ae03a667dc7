namespace CodeTether.Gateway.Authentication;

/// <summary>
/// <c>OAuth:…</c>: the OpenID Connect provider (a Keycloak realm) whose access tokens the gateway accepts besides
/// <c>ct_</c> keys. OAuth is on when <see cref="Authority"/> or <see cref="MetadataAddress"/> is set.
/// </summary>
public sealed class OAuthOptions
{
    public const string Section = "OAuth";

    /// <summary>The issuer, e.g. <c>https://sso.example.com/realms/codetether</c>; discovery is read from <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>The discovery document's address when it is not under <see cref="Authority"/>.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>The audience the tokens must be issued for (the <c>aud</c> claim). Required when OAuth is on.</summary>
    public string? Audience { get; set; }

    /// <summary>The issuer the tokens must name; by default the one the discovery document gives.</summary>
    public string? Issuer { get; set; }

    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The claim that holds the tenant id (a tenant of the gateway's database).</summary>
    public string TenantClaim { get; set; } = "tenant_id";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(MetadataAddress);
}
