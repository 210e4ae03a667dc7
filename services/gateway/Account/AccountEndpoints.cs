using System.Security.Claims;
using CodeTether.Gateway.Authentication;
using CodeTether.Gateway.RateLimiting;
using Microsoft.Extensions.Options;

namespace CodeTether.Gateway.Account;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/automation/me", (ClaimsPrincipal user, IOptions<RateLimitOptions> limits) =>
        {
            var caller = GatewayCaller.From(user);
            var rateLimit = new RateLimitInfo(limits.Value.BucketFor(caller.Plan)?.RequestsPerMinute);
            return TypedResults.Ok(new AccountInfo(
                caller.TenantId, caller.TenantName, caller.Plan, caller.Kind == CallerKind.ApiKey ? "api_key" : "oauth", caller.Subject,
                caller.KeyId, caller.KeyName, caller.KeyPrefix, caller.Scopes, rateLimit));
        });
        return app;
    }
}
