using CodeTether.Gateway.Authentication;

namespace CodeTether.Gateway.Authorization;

/// <summary>Refuses an authenticated request whose key or token lacks the scope its route needs (<see cref="RouteScopes"/>): 403 problem details naming it.</summary>
internal sealed class ScopeMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

        var required = RouteScopes.For(context.Request.Method, context.Request.Path);
        if (required.IsClosed)
        {
            await TypedResults.Problem(
                title: "Not allowed",
                detail: $"{context.Request.Method} {context.Request.Path} is read-only through the public API: no scope allows it.",
                statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
            return;
        }
        if (required.Scope is { } scope && !GatewayCaller.From(context.User).HasScope(scope))
        {
            context.Response.Headers.WWWAuthenticate = $"Bearer error=\"insufficient_scope\", scope=\"{scope}\"";
            await TypedResults.Problem(
                title: "Insufficient scope",
                detail: $"{context.Request.Method} {context.Request.Path} needs the scope '{scope}', which this API key or access token does not have.",
                statusCode: StatusCodes.Status403Forbidden,
                extensions: new Dictionary<string, object?> { ["required_scope"] = scope }).ExecuteAsync(context);
            return;
        }
        await next(context);
    }
}
