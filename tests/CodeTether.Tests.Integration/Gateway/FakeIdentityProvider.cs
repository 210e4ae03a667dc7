using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CodeTether.Tests.Integration.Gateway;

/// <summary>
/// Stands in for a Keycloak realm on its own Kestrel port (plain HTTP on 127.0.0.1): an OpenID Connect discovery
/// document and a JWKS with an RSA key made for the test, and a way to mint access tokens with it.
/// </summary>
public sealed class FakeIdentityProvider : IAsyncDisposable
{
    public const string Audience = "codetether-api";

    private readonly WebApplication _app;

    private FakeIdentityProvider(WebApplication app, string issuer, RsaSecurityKey key) => (_app, Issuer, SigningKey) = (app, issuer, key);

    /// <summary>The realm's address, also its issuer (<c>iss</c>).</summary>
    public string Issuer { get; }

    public RsaSecurityKey SigningKey { get; }

    public static async Task<FakeIdentityProvider> StartAsync()
    {
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N") };
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Rsa.ExportParameters(false)) { KeyId = key.KeyId });
        jwk.Use = "sig";
        jwk.Alg = SecurityAlgorithms.RsaSha256;

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        string? issuer = null;
        app.MapGet("/realms/test/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer!,
            ["jwks_uri"] = $"{issuer}/protocol/openid-connect/certs",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/realms/test/protocol/openid-connect/certs", () => Results.Json(new Dictionary<string, object>
        {
            ["keys"] = new[]
            {
                new Dictionary<string, object> { ["kty"] = jwk.Kty, ["use"] = jwk.Use, ["alg"] = jwk.Alg, ["kid"] = jwk.Kid, ["n"] = jwk.N, ["e"] = jwk.E },
            },
        }));
        await app.StartAsync();
        issuer = $"{app.Urls.Single()}/realms/test";
        return new FakeIdentityProvider(app, issuer, key);
    }

    /// <summary>The gateway's <c>OAuth:…</c> settings for this realm.</summary>
    public Dictionary<string, string> GatewaySettings() => new()
    {
        ["OAuth:Authority"] = Issuer,
        ["OAuth:Audience"] = Audience,
        ["OAuth:RequireHttpsMetadata"] = "false",
    };

    /// <summary>An access token as Keycloak would issue it; every part can be spoiled for a test.</summary>
    public string CreateToken(
        string subject,
        Guid? tenantId,
        object? scope = null,
        DateTime? expires = null,
        string? audience = Audience,
        string? issuer = null,
        SecurityKey? signingKey = null,
        string tenantClaim = "tenant_id")
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object> { [JwtRegisteredClaimNames.Sub] = subject, ["azp"] = "zapier" };
        if (tenantId is { } tenant)
            claims[tenantClaim] = tenant.ToString();
        if (scope is not null)
            claims["scope"] = scope;
        var expiry = expires ?? now.AddMinutes(5);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience,
            IssuedAt = expiry < now ? expiry.AddMinutes(-5) : now,
            NotBefore = expiry < now ? expiry.AddMinutes(-5) : now,
            Expires = expiry,
            Claims = claims,
            SigningCredentials = new SigningCredentials(signingKey ?? SigningKey, SecurityAlgorithms.RsaSha256),
        });
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
