using System.Security.Claims;
using CodeTether.Gateway.ApiKeys;
using CodeTether.Gateway.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CodeTether.Gateway.Authentication;

/// <summary>
/// OAuth2 access tokens (JWTs) from an OpenID Connect provider, validated by ASP.NET Core's JWT bearer handler against
/// the provider's discovery document and keys: signature, issuer, audience and lifetime. The tenant comes from a claim
/// and must be a tenant of the gateway's database, whose plan the caller gets; scopes come from <c>scope</c>.
/// </summary>
public static class OAuthAuthentication
{
    public const string SchemeName = "OAuth";

    private const string FailureItem = "ct_oauth_failure";

    public static AuthenticationBuilder AddOAuthBearer(this AuthenticationBuilder builder, OAuthOptions oauth)
    {
        if (string.IsNullOrWhiteSpace(oauth.Audience))
            throw new InvalidOperationException("OAuth:Audience must be set when OAuth:Authority or OAuth:MetadataAddress is: the audience of the access tokens the gateway accepts.");

        return builder.AddJwtBearer(SchemeName, o =>
        {
            o.Authority = string.IsNullOrWhiteSpace(oauth.Authority) ? null : oauth.Authority;
            o.MetadataAddress = string.IsNullOrWhiteSpace(oauth.MetadataAddress) ? null! : oauth.MetadataAddress;
            o.Audience = oauth.Audience;
            o.RequireHttpsMetadata = oauth.RequireHttpsMetadata;
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                ValidateIssuerSigningKey = true,
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ValidAudience = oauth.Audience,
                ValidIssuer = string.IsNullOrWhiteSpace(oauth.Issuer) ? null : oauth.Issuer,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = JwtRegisteredClaimNames.Sub,
            };
            o.Events = new JwtBearerEvents
            {
                OnTokenValidated = context => ToGatewayCallerAsync(context, oauth.TenantClaim),
                OnAuthenticationFailed = context =>
                {
                    context.HttpContext.Items[FailureItem] = Describe(context.Exception);
                    return Task.CompletedTask;
                },
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    var detail = context.HttpContext.Items[FailureItem] as string
                        ?? context.AuthenticateFailure?.Message
                        ?? "Send an access token as 'Authorization: Bearer <token>'.";
                    context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                    await TypedResults.Problem(title: "Invalid access token", detail: detail, statusCode: StatusCodes.Status401Unauthorized)
                        .ExecuteAsync(context.HttpContext);
                },
            };
        });
    }

    /// <summary>Replaces the token's claims with the gateway's own view of the caller, or fails when the tenant is missing or unknown.</summary>
    private static async Task ToGatewayCallerAsync(TokenValidatedContext context, string tenantClaim)
    {
        var principal = context.Principal!;
        var subject = principal.FindFirstValue(JwtRegisteredClaimNames.Sub);
        if (string.IsNullOrWhiteSpace(subject))
        {
            Fail(context, "The access token has no 'sub' claim.");
            return;
        }
        var tenantValue = principal.FindFirstValue(tenantClaim);
        if (string.IsNullOrWhiteSpace(tenantValue))
        {
            Fail(context, $"The access token has no '{tenantClaim}' claim: it does not say which CodeTether tenant it acts for.");
            return;
        }
        if (!Guid.TryParse(tenantValue, out var tenantId))
        {
            Fail(context, $"The access token's '{tenantClaim}' claim is not a CodeTether tenant id.");
            return;
        }

        var db = context.HttpContext.RequestServices.GetRequiredService<GatewayDbContext>();
        var tenant = await db.Tenants.AsNoTracking()
            .Where(t => t.Id == tenantId)
            .Select(t => new { t.Name, t.Plan })
            .SingleOrDefaultAsync(context.HttpContext.RequestAborted);
        if (tenant is null)
        {
            Fail(context, $"The access token's tenant {tenantId} is not a CodeTether tenant.");
            return;
        }

        var caller = new GatewayCaller(CallerKind.OAuth, tenantId, tenant.Name, tenant.Plan, subject, ScopesOf(principal));
        context.Principal = caller.ToPrincipal(SchemeName);
    }

    /// <summary>
    /// The CodeTether scopes the token grants: <c>scope</c> is space-separated (RFC 8693); an array form gives several
    /// claims, each of which may again hold several. OpenID scopes such as <c>openid</c> or <c>profile</c> are dropped.
    /// </summary>
    public static IReadOnlyList<string> ScopesOf(ClaimsPrincipal principal) =>
    [
        .. principal.FindAll("scope").Concat(principal.FindAll("scp"))
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(Scopes.IsKnown)
            .Distinct(StringComparer.Ordinal),
    ];

    private static void Fail(TokenValidatedContext context, string message)
    {
        context.HttpContext.Items[FailureItem] = message;
        context.Fail(message);
    }

    private static string Describe(Exception exception) => exception switch
    {
        SecurityTokenExpiredException => "The access token has expired.",
        SecurityTokenNotYetValidException => "The access token is not valid yet.",
        SecurityTokenInvalidAudienceException => "The access token was not issued for this API (wrong audience).",
        SecurityTokenInvalidIssuerException => "The access token was not issued by the configured identity provider (wrong issuer).",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The access token's signature is not valid.",
        SecurityTokenMalformedException or ArgumentException => "The access token is malformed.",
        _ => "The access token is not valid.",
    };
}
