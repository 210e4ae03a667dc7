using CodeTether.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace CodeTether.Gateway.Forwarding;

public static class ForwardingExtensions
{
    public static IHostApplicationBuilder AddServiceForwarding(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<GatewayOptions>(builder.Configuration.GetSection(GatewayOptions.Section));
        builder.Services.AddGatewaySigningKey();
        builder.Services.AddSingleton(sp => new CallerIdentityTransform(
            sp.GetRequiredService<IOptions<GatewaySigningKey>>().Value.Key, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddReverseProxy()
            .LoadFromMemory(ServiceRoutes.Routes(), ServiceRoutes.Clusters(builder.Configuration))
            .AddTransforms(context => context.RequestTransforms.Add(context.Services.GetRequiredService<CallerIdentityTransform>()));
        return builder;
    }

    /// <summary>Gives every request an <c>X-Request-Id</c> (kept from the client or made) and returns it; first, so every answer has it.</summary>
    public static IApplicationBuilder UseRequestId(this IApplicationBuilder app) => app.UseMiddleware<RequestIdMiddleware>();

    /// <summary>Refuses bodies over <c>Gateway:MaxRequestBodyBytes</c> with 413.</summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.UseMiddleware<RequestBodyLimitMiddleware>();

    /// <summary>Forwards the services' paths; any other <c>/v1/…</c> path is a 404 problem rather than an empty answer.</summary>
    public static WebApplication MapServiceForwarding(this WebApplication app)
    {
        app.MapReverseProxy();
        app.MapFallback("/v1/{**path}", (HttpRequest request) => TypedResults.Problem(
            title: "Not found",
            detail: $"There is no endpoint {request.Method} {request.Path}.",
            statusCode: StatusCodes.Status404NotFound)).ExcludeFromDescription();
        return app;
    }
}
