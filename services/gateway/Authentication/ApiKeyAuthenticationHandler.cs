using System.Text.Encodings.Web;
using CodeTether.Gateway.ApiKeys;
using CodeTether.Gateway.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CodeTether.Gateway.Authentication;

/// <summary>
/// <c>Authorization: Bearer ct_…</c>, looked up by its hash on every request, so a revoked key stops working at once on
/// every gateway instance. Failures answer 401 problem details that say what was wrong.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    GatewayDbContext db,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>How stale <c>last_used_at</c> may be: it is written at most this often per key, not on every request.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var authorization = Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(authorization))
            return AuthenticateResult.NoResult();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("Send the API key as 'Authorization: Bearer ct_…'.");
        if (!ApiKeySecret.TryParse(authorization["Bearer ".Length..].Trim(), out var secret))
            return AuthenticateResult.Fail("The API key is malformed: CodeTether API keys start with ct_.");

        var hash = secret.Hash;
        var key = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Hash == hash)
            .Select(k => new { k.Id, k.Name, k.Prefix, k.Scopes, k.ExpiresAt, k.RevokedAt, k.LastUsedAt, k.TenantId, TenantName = k.Tenant.Name, k.Tenant.Plan })
            .SingleOrDefaultAsync(Context.RequestAborted);

        var now = clock.GetUtcNow();
        if (key is null)
            return AuthenticateResult.Fail("The API key is not recognised.");
        if (key.RevokedAt is not null)
            return AuthenticateResult.Fail("The API key has been revoked.");
        if (key.ExpiresAt <= now)
            return AuthenticateResult.Fail($"The API key expired at {key.ExpiresAt:yyyy-MM-ddTHH:mm:ssZ}.");

        if (key.LastUsedAt is null || now - key.LastUsedAt >= LastUsedResolution)
            await RecordUseAsync(key.Id, now);

        var caller = GatewayCaller.ForKey(key.TenantId, key.TenantName, key.Plan, key.Id, key.Name, key.Prefix, key.Scopes);
        return AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(SchemeName), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure;
        Response.Headers.WWWAuthenticate = failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        var problem = failure is null
            ? TypedResults.Problem(title: "Missing API key", detail: "Send your API key as 'Authorization: Bearer ct_…'.", statusCode: StatusCodes.Status401Unauthorized)
            : TypedResults.Problem(title: "Invalid API key", detail: failure.Message, statusCode: StatusCodes.Status401Unauthorized);
        await problem.ExecuteAsync(Context);
    }

    /// <summary>The condition keeps concurrent requests on other instances from writing the same minute again.</summary>
    private Task RecordUseAsync(Guid keyId, DateTimeOffset now)
    {
        var staleBefore = now - LastUsedResolution;
        return db.ApiKeys
            .Where(k => k.Id == keyId && (k.LastUsedAt == null || k.LastUsedAt <= staleBefore))
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
    }
}
