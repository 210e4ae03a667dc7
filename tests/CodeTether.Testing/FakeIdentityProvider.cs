using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CodeTether.Testing;

/// <summary>A user of the fake realm: <c>sub</c>, <c>email</c>, <c>preferred_username</c> and the CodeTether tenant.</summary>
public sealed record RealmUser(string Subject, string Email, Guid TenantId);

/// <summary>
/// Stands in for a Keycloak realm on its own Kestrel port (plain HTTP on 127.0.0.1): the OpenID Connect discovery
/// document, a JWKS with an RSA key made for the test, a way to mint access tokens with it, and the OAuth2
/// authorization-code flow of one confidential client (<see cref="ClientId"/>, as Zapier's): <c>/auth</c> signs
/// <see cref="SignedInUser"/> in at once (no login page) and redirects back with a code; <c>/token</c> exchanges the
/// code (once, for the same redirect URI) and refresh tokens (each once: they rotate, as Keycloak's do).
/// </summary>
public sealed class FakeIdentityProvider : IAsyncDisposable
{
    public const string Audience = "codetether-api";
    public const string ClientId = "zapier";
    public const string ClientSecret = "zapier-test-secret";
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromMinutes(5);

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Grant> _codes = new();
    private readonly ConcurrentDictionary<string, Grant> _refreshTokens = new();

    private sealed record Grant(RealmUser User, string Scope, string? RedirectUri);

    private FakeIdentityProvider(WebApplication app, RsaSecurityKey key) => (_app, SigningKey) = (app, key);

    /// <summary>The realm's address, also its issuer (<c>iss</c>).</summary>
    public string Issuer { get; private set; } = null!;

    public RsaSecurityKey SigningKey { get; }

    /// <summary>The user whose browser session <c>/auth</c> finds: whom the next authorization signs in.</summary>
    public RealmUser? SignedInUser { get; set; }

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
        var realm = new FakeIdentityProvider(app, key);
        app.MapGet("/realms/test/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = realm.Issuer,
            ["authorization_endpoint"] = $"{realm.Issuer}/protocol/openid-connect/auth",
            ["token_endpoint"] = $"{realm.Issuer}/protocol/openid-connect/token",
            ["jwks_uri"] = $"{realm.Issuer}/protocol/openid-connect/certs",
            ["grant_types_supported"] = new[] { "authorization_code", "refresh_token" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/realms/test/protocol/openid-connect/certs", () => Results.Json(new Dictionary<string, object>
        {
            ["keys"] = new[]
            {
                new Dictionary<string, object> { ["kty"] = jwk.Kty, ["use"] = jwk.Use, ["alg"] = jwk.Alg, ["kid"] = jwk.Kid, ["n"] = jwk.N, ["e"] = jwk.E },
            },
        }));
        app.MapGet("/realms/test/protocol/openid-connect/auth", realm.Authorize);
        app.MapPost("/realms/test/protocol/openid-connect/token", realm.TokenAsync);
        await app.StartAsync();
        realm.Issuer = $"{app.Urls.Single()}/realms/test";
        return realm;
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
        string tenantClaim = "tenant_id",
        string? email = null)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object> { [JwtRegisteredClaimNames.Sub] = subject, [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"), ["azp"] = ClientId };
        if (tenantId is { } tenant)
            claims[tenantClaim] = tenant.ToString();
        if (scope is not null)
            claims["scope"] = scope;
        if (email is not null)
        {
            claims["email"] = email;
            claims["preferred_username"] = email.Split('@')[0];
        }
        var expiry = expires ?? now + AccessTokenLifetime;
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

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query;
        if (query["client_id"] != ClientId)
            return Results.BadRequest(new { error = "unauthorized_client", error_description = $"Unknown client '{query["client_id"]}'." });
        if (query["response_type"] != "code")
            return Results.BadRequest(new { error = "unsupported_response_type" });
        var redirect = query["redirect_uri"].ToString();
        if (!Uri.TryCreate(redirect, UriKind.Absolute, out var redirectUri))
            return Results.BadRequest(new { error = "invalid_request", error_description = "redirect_uri is required." });
        if (SignedInUser is not { } user)
            return Results.Content("<html><body>Sign in to CodeTether</body></html>", "text/html");
        var code = NewSecret();
        _codes[code] = new Grant(user, query["scope"].ToString(), redirect);
        var state = query["state"].ToString();
        var separator = redirectUri.Query.Length > 0 ? '&' : '?';
        return Results.Redirect($"{redirect}{separator}code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(state)}");
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var (clientId, clientSecret) = ClientCredentials(request, form);
        if (clientId != ClientId || clientSecret != ClientSecret)
            return Results.Json(new { error = "invalid_client", error_description = "Invalid client or client credentials." }, statusCode: 401);

        Grant? grant;
        switch (form["grant_type"].ToString())
        {
            case "authorization_code":
                if (!_codes.TryRemove(form["code"].ToString(), out grant))
                    return InvalidGrant("Code not valid.");
                if (grant.RedirectUri != form["redirect_uri"])
                    return InvalidGrant("Incorrect redirect_uri.");
                break;
            case "refresh_token":
                if (!_refreshTokens.TryRemove(form["refresh_token"].ToString(), out grant))
                    return InvalidGrant("Invalid refresh token.");
                break;
            default:
                return Results.BadRequest(new { error = "unsupported_grant_type" });
        }

        var refreshToken = NewSecret();
        _refreshTokens[refreshToken] = grant;
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = CreateToken(grant.User.Subject, grant.User.TenantId, grant.Scope, email: grant.User.Email),
            ["expires_in"] = (int)AccessTokenLifetime.TotalSeconds,
            ["refresh_token"] = refreshToken,
            ["token_type"] = "Bearer",
            ["scope"] = grant.Scope,
        });
    }

    private static IResult InvalidGrant(string description) =>
        Results.BadRequest(new { error = "invalid_grant", error_description = description });

    /// <summary>client_secret_post or client_secret_basic, as Keycloak accepts both.</summary>
    private static (string? Id, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : null);
        }
        return (form["client_id"], form["client_secret"]);
    }

    private static string NewSecret() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
