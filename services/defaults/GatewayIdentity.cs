using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CodeTether.ServiceDefaults;

/// <summary>
/// The caller's identity as the gateway forwards it: a short-lived JWT, signed with a key shared only by the gateway
/// and the services, in its own header. A bare tenant header could be forged by anything inside the network; this cannot.
/// </summary>
public static class GatewayIdentity
{
    public const string HeaderName = "X-CodeTether-Identity";
    public const string Issuer = "codetether-gateway";
    public const string Audience = "codetether-services";
    public const string TenantClaim = "tenant_id";
    public const string ScopeClaim = "scope";
    public const string PlanClaim = "plan";
    public const string SigningKeySetting = "Identity:SigningKey";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    public static SymmetricSecurityKey SigningKey(IConfiguration configuration)
    {
        var secret = configuration[SigningKeySetting];
        if (string.IsNullOrWhiteSpace(secret) || Encoding.UTF8.GetByteCount(secret) < 32)
            throw new InvalidOperationException($"{SigningKeySetting} must be set to a secret of at least 32 bytes, the same for the gateway and every service.");
        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret));
    }

    public static string CreateToken(SymmetricSecurityKey key, CallerIdentity caller, TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = caller.Subject,
                [TenantClaim] = caller.TenantId.ToString(),
                [ScopeClaim] = string.Join(' ', caller.Scopes),
                [PlanClaim] = caller.Plan,
            },
        });
    }

    /// <summary>Services serve only requests that carry a valid gateway identity (health endpoints excepted).</summary>
    public static IHostApplicationBuilder AddGatewayAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = Issuer,
                    ValidAudience = Audience,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = JwtRegisteredClaimNames.Sub,
                };
                o.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        context.Token = context.Request.Headers[HeaderName].FirstOrDefault();
                        return Task.CompletedTask;
                    },
                };
            });
        builder.Services.AddGatewaySigningKey();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<GatewaySigningKey>>((o, signing) => o.TokenValidationParameters.IssuerSigningKey = signing.Value.Key);
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return builder;
    }

    /// <summary>
    /// <see cref="GatewaySigningKey"/> from <c>Identity:SigningKey</c>, checked when the host starts (not at registration,
    /// so design-time tools such as dotnet-ef need no secret).
    /// </summary>
    public static IServiceCollection AddGatewaySigningKey(this IServiceCollection services)
    {
        services.AddOptions<GatewaySigningKey>()
            .Configure<IConfiguration>((o, configuration) => o.Key = SigningKey(configuration))
            .ValidateOnStart();
        return services;
    }

    public static CallerIdentity Caller(this HttpContext context) => CallerIdentity.From(context.User);
}

public sealed class GatewaySigningKey
{
    public SymmetricSecurityKey Key { get; set; } = null!;
}

public sealed record CallerIdentity(Guid TenantId, string Subject, string Plan, IReadOnlyList<string> Scopes)
{
    public static CallerIdentity From(ClaimsPrincipal user)
    {
        var tenant = user.FindFirst(GatewayIdentity.TenantClaim)?.Value;
        if (!Guid.TryParse(tenant, out var tenantId))
            throw new InvalidOperationException("The request carries no tenant: it did not come through the gateway.");
        return new CallerIdentity(
            tenantId,
            user.FindFirst(JwtRegisteredClaimNames.Sub)?.Value ?? "",
            user.FindFirst(GatewayIdentity.PlanClaim)?.Value ?? "free",
            (user.FindFirst(GatewayIdentity.ScopeClaim)?.Value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
