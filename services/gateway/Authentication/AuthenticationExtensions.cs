using CodeTether.Gateway.ApiKeys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace CodeTether.Gateway.Authentication;

public static class AuthenticationExtensions
{
    /// <summary>The policy scheme that picks <c>ct_</c> key or OAuth token by the bearer token's shape.</summary>
    public const string SchemeName = "Gateway";

    /// <summary>
    /// Every route needs a valid <c>ct_</c> API key or, when <c>OAuth</c> is configured, an OAuth access token,
    /// unless it says otherwise (only the health checks do).
    /// </summary>
    public static IHostApplicationBuilder AddCallerAuthentication(this IHostApplicationBuilder builder)
    {
        var oauth = builder.Configuration.GetSection(OAuthOptions.Section).Get<OAuthOptions>() ?? new OAuthOptions();
        builder.Services.AddScoped<ApiKeyIssuer>();
        var authentication = builder.Services.AddAuthentication(SchemeName)
            .AddPolicyScheme(SchemeName, "ct_ API key or OAuth access token", o => o.ForwardDefaultSelector = context =>
                oauth.Enabled && IsAccessToken(context.Request.Headers.Authorization.ToString())
                    ? OAuthAuthentication.SchemeName
                    : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        if (oauth.Enabled)
            authentication.AddOAuthBearer(oauth);
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return builder;
    }

    /// <summary>A bearer token that is not a <c>ct_</c> key; anything else (no header, other schemes, keys) is the API key handler's.</summary>
    public static bool IsAccessToken(string authorization) =>
        authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        && authorization["Bearer ".Length..].Trim() is { Length: > 0 } token
        && !token.StartsWith("ct_", StringComparison.Ordinal);
}
