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

    public static IHostApplicationBuilder AddApiReference(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(nameof(PublicApiDocument), client => client.Timeout = TimeSpan.FromSeconds(10));
        return builder;
    }

    /// <summary>
    /// <c>/openapi.json</c>, the whole public API merged at each request from the gateway's own description and each
    /// service's <c>/openapi/v1.json</c> (so it is always the running code's), and <c>/docs</c>, an API reference page
    /// over it. Both are open to anyone, like the documents they describe.
    /// </summary>
    public static WebApplication MapApiReference(this WebApplication app)
    {
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
            .ExcludeFromDescription();

        app.MapScalarApiReference(ReferencePagePath, options => options
                .WithTitle("CodeTether API")
                .AddDocument("v1", "CodeTether API", DocumentPath))
            .AllowAnonymous();
        return app;
    }
}
