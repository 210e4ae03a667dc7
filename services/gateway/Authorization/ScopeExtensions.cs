namespace CodeTether.Gateway.Authorization;

public static class ScopeExtensions
{
    /// <summary>After the rate limits, so that a refusal for a missing scope carries the rate-limit headers too.</summary>
    public static IApplicationBuilder UseRouteScopes(this IApplicationBuilder app) => app.UseMiddleware<ScopeMiddleware>();
}
