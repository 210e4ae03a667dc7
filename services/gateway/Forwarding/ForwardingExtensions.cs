using CodeTether.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace CodeTether.Gateway.Forwarding;

public static class ForwardingExtensions
{
    public static IHostApplicationBuilder AddServiceForwarding(this IHostApplicationBuilder builder)
    {
        builder.Services.AddGatewaySigningKey();
        builder.Services.AddSingleton(sp => new CallerIdentityTransform(
            sp.GetRequiredService<IOptions<GatewaySigningKey>>().Value.Key, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddReverseProxy()
            .LoadFromMemory(ServiceRoutes.Routes(), ServiceRoutes.Clusters(builder.Configuration))
            .AddTransforms(context => context.RequestTransforms.Add(context.Services.GetRequiredService<CallerIdentityTransform>()));
        return builder;
    }

    /// <summary>Forwards the services' paths; any other <c>/v1/…</c> path is a 404 problem rather than an empty answer.</summary>
    public static WebApplication MapServiceForwarding(this WebApplication app)
    {
        app.MapReverseProxy();
        app.MapFallback("/v1/{**path}", (HttpRequest request) => TypedResults.Problem(
            title: "Not found",
            detail: $"There is no endpoint {request.Method} {request.Path}.",
            statusCode: StatusCodes.Status404NotFound));
        return app;
    }
}
