using Microsoft.AspNetCore.Authorization;
using CodeTether.Gateway.Authentication;
using CodeTether.Gateway.Tenants;
using CodeTether.ServiceDefaults;

namespace CodeTether.Gateway.RateLimiting;

/// <summary>Runs after authentication: only authenticated requests are counted, each against its own key's (or OAuth subject's) bucket.</summary>
internal sealed class RateLimitMiddleware(RequestDelegate next, RedisTokenBucketLimiter limiter, CodeTetherMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // Endpoints open to anyone (health checks) are not counted, even when the request happens to carry a key.
        if (context.User.Identity?.IsAuthenticated != true || context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            await next(context);
            return;
        }

        var caller = GatewayCaller.From(context.User);
        if (await limiter.TryTakeAsync(caller.RateLimitKey, caller.Plan) is not { } decision)
        {
            await next(context);
            return;
        }

        // Set when the response starts, so the headers survive whatever the endpoint or the forwarded service does to the response.
        context.Response.OnStarting(() =>
        {
            decision.WriteHeaders(context.Response.Headers);
            return Task.CompletedTask;
        });
        if (decision.Allowed)
        {
            await next(context);
            return;
        }

        metrics.RateLimited(Plans.Name(caller.Plan), caller.Kind == CallerKind.ApiKey ? "api_key" : "oauth");
        await TypedResults.Problem(
            title: "Too many requests",
            detail: $"This {(caller.Kind == CallerKind.ApiKey ? "API key" : "user")} may make {decision.Limit} requests per minute on the {Plans.Name(caller.Plan)} plan. Retry after {decision.RetryAfterSeconds} seconds.",
            statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context);
    }
}
