using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CodeTether.Gateway.ApiReference;
using CodeTether.Gateway.Forwarding;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace CodeTether.Tests.Integration.ApiReference;

/// <summary>
/// Every public route of every service, as its endpoint data source lists it, is in the merged document the gateway
/// serves at <c>/openapi.json</c>; and the merge shares identical schemas and keeps different ones apart.
/// </summary>
public class PublicApiDocumentTests
{
    [Fact]
    public async Task Every_public_route_of_every_service_is_described_in_the_merged_document()
    {
        await using var gateway = new RoutesOnly<CodeTether.Gateway.Data.GatewayDbContext>();
        await using var tasks = new RoutesOnly<CodeTether.Tasks.Data.TasksDbContext>();
        await using var workers = new RoutesOnly<CodeTether.Workers.Data.WorkersDbContext>();
        await using var webhooks = new RoutesOnly<CodeTether.Webhooks.Data.WebhooksDbContext>();
        await using var scheduler = new RoutesOnly<CodeTether.Scheduler.Data.SchedulerDbContext>();
        await using var billing = new RoutesOnly<CodeTether.Billing.Data.BillingDbContext>();
        var services = new Dictionary<string, IRoutesOnly>
        {
            ["Tasks"] = tasks, ["Workers"] = workers, ["Webhooks"] = webhooks, ["Scheduler"] = scheduler, ["Billing"] = billing,
        };

        var sources = new List<(string, JsonObject, IReadOnlyList<string>)> { ("Gateway", await gateway.DocumentAsync(), ["/v1"]) };
        foreach (var (service, paths) in ServiceRoutes.Table)
            sources.Add((service, await services[service].DocumentAsync(), paths));
        var document = PublicApiDocument.Merge(sources);

        var routes = new[] { gateway }.Concat<IRoutesOnly>(services.Values).SelectMany(app => app.PublicRoutes()).ToList();
        Assert.Contains(("POST", "/v1/automation/tasks"), routes);
        Assert.Contains(("GET", "/v1/automation/me"), routes);
        var described = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => (operation.Key.ToUpperInvariant(), path.Key)))
            .ToHashSet();
        var undescribed = routes.Where(route => !described.Contains(route)).ToList();
        Assert.True(undescribed.Count == 0, $"Not in /openapi.json: {string.Join(", ", undescribed)}");
        var unrouted = described.Where(operation => !routes.Contains(operation)).ToList();
        Assert.True(unrouted.Count == 0, $"Described but not routed: {string.Join(", ", unrouted)}");
    }

    [Fact]
    public void Identical_schemas_are_shared_and_different_ones_with_one_name_are_kept_apart()
    {
        static JsonObject Document(string path, JsonObject schemas) => new()
        {
            ["paths"] = new JsonObject
            {
                [path] = new JsonObject { ["get"] = new JsonObject { ["$ref"] = "#/components/schemas/Thing" } },
                ["/internal"] = new JsonObject { ["get"] = new JsonObject() },
            },
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
        var problem = new JsonObject { ["type"] = "object" };

        var merged = PublicApiDocument.Merge([
            ("A", Document("/v1/a", new JsonObject { ["Thing"] = new JsonObject { ["type"] = "string" }, ["Problem"] = problem.DeepClone() }), ["/v1/a"]),
            ("B", Document("/v1/b/{id}", new JsonObject { ["Thing"] = new JsonObject { ["type"] = "integer" }, ["Problem"] = problem.DeepClone() }), ["/v1/b"]),
        ]);

        Assert.Equal(["/v1/a", "/v1/b/{id}"], merged["paths"]!.AsObject().Select(p => p.Key));
        Assert.Equal("#/components/schemas/Thing", (string?)merged["paths"]!["/v1/a"]!["get"]!["$ref"]);
        Assert.Equal("#/components/schemas/BThing", (string?)merged["paths"]!["/v1/b/{id}"]!["get"]!["$ref"]);
        Assert.Equal(["Thing", "Problem", "BThing"], merged["components"]!["schemas"]!.AsObject().Select(s => s.Key));
        Assert.Equal("integer", (string?)merged["components"]!["schemas"]!["BThing"]!["type"]);
    }

    private interface IRoutesOnly
    {
        Task<JsonObject> DocumentAsync();
        IEnumerable<(string Method, string Path)> PublicRoutes();
    }

    /// <summary>A service's real Program with nothing started in the background (no migrations, no bus): only its routes.</summary>
    private sealed class RoutesOnly<TEntryPoint> : WebApplicationFactory<TEntryPoint>, IRoutesOnly
        where TEntryPoint : class
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Identity:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
            builder.ConfigureTestServices(services => services.RemoveAll<IHostedService>());
        }

        public async Task<JsonObject> DocumentAsync() =>
            JsonNode.Parse(await CreateClient().GetStringAsync("/openapi/v1.json"))!.AsObject();

        /// <summary>Each method and path under <c>/v1/</c> that the service routes, catch-all fallbacks aside.</summary>
        public IEnumerable<(string Method, string Path)> PublicRoutes() =>
            Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                .Where(e => e.RoutePattern.RawText is { } raw && raw.TrimStart('/').StartsWith("v1/", StringComparison.Ordinal))
                .Where(e => !e.RoutePattern.Parameters.Any(p => p.IsCatchAll))
                .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(method =>
                    (method, "/" + string.Join('/', e.RoutePattern.PathSegments.Select(Segment)))));

        private static string Segment(Microsoft.AspNetCore.Routing.Patterns.RoutePatternPathSegment segment) =>
            string.Concat(segment.Parts.Select(part => part switch
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
                _ => "",
            }));
    }
}
