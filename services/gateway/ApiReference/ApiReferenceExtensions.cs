using System.Text.Json.Nodes;
using CodeTether.Gateway.Forwarding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace CodeTether.Gateway.ApiReference;

public static class ApiReferenceExtensions
{
    public const string DocumentPath = "/openapi.json";
    public const string ReferencePagePath = "/docs";
    private const string ServiceDocumentPath = "/openapi/v1.json";
    private const string OwnPublicPrefix = "/v1";
    private static readonly TimeSpan DocumentCacheTime = TimeSpan.FromSeconds(30);

    public static IHostApplicationBuilder AddApiReference(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(nameof(PublicApiDocument), client => client.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddOutputCache();
        return builder;
    }

    /// <summary>
    /// <c>/openapi.json</c>, the whole public API merged from the gateway's own description and each service's
    /// <c>/openapi/v1.json</c> (so it is the running code's), and <c>/docs</c>, an API reference page over it. Both are open
    /// to anyone, so the merged document is cached for <see cref="DocumentCacheTime"/>: a request does not fan out to
    /// every service each time.
    /// </summary>
    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.UseOutputCache();
        app.MapGet(DocumentPath, async (IServiceProvider services, IHttpClientFactory clients, IConfiguration configuration,
                ILoggerFactory loggers, CancellationToken cancellationToken) =>
            {
                var logger = loggers.CreateLogger(typeof(PublicApiDocument));
                var own = await services.GetRequiredKeyedService<IOpenApiDocumentProvider>("v1").GetOpenApiDocumentAsync(cancellationToken);
                var sources = new List<(string, JsonObject, IReadOnlyList<string>)>
                {
                    ("Gateway", JsonNode.Parse(await own.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, cancellationToken))!.AsObject(), [OwnPublicPrefix]),
                };
                using var client = clients.CreateClient(nameof(PublicApiDocument));
                foreach (var (service, paths) in ServiceRoutes.Table)
                {
                    var address = new Uri(new Uri(configuration[$"Services:{service}"]!), ServiceDocumentPath);
                    try
                    {
                        var document = JsonNode.Parse(await client.GetStringAsync(address, cancellationToken))!.AsObject();
                        sources.Add((service, document, paths));
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                    {
                        logger.LogWarning(e, "The {Service} service's OpenAPI description ({Address}) could not be read; its routes are left out", service, address);
                    }
                }
                return Results.Text(PublicApiDocument.Merge(sources).ToJsonString(), "application/json");
            })
            .AllowAnonymous()
            .CacheOutput(cache => cache.Expire(DocumentCacheTime))
            .ExcludeFromDescription();

        app.MapScalarApiReference(ReferencePagePath, options => options
                .WithTitle("CodeTether API")
                .AddDocument("v1", "CodeTether API", DocumentPath))
            .AllowAnonymous();
        return app;
    }
}
