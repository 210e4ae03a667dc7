using System.Text.Json.Nodes;

namespace CodeTether.Gateway.ApiReference;

/// <summary>
/// The OpenAPI description of the whole public API, made from the descriptions the gateway and each service generate
/// from their code: the public paths of each (those the gateway serves or forwards to it), with the schemas they use.
/// </summary>
public static class PublicApiDocument
{
    public const string SecuritySchemeName = "bearer";
    private const string SchemaReferencePrefix = "#/components/schemas/";

    /// <param name="sources">Each service's name, its generated document, and the path prefixes the gateway forwards to it.</param>
    public static JsonObject Merge(IEnumerable<(string Service, JsonObject Document, IReadOnlyList<string> PublicPaths)> sources)
    {
        var paths = new JsonObject();
        var schemas = new JsonObject();
        foreach (var (service, document, publicPaths) in sources)
        {
            var renamed = RenameCollidingSchemas(service, document, schemas);
            foreach (var (path, item) in renamed["paths"]?.AsObject() ?? [])
            {
                if (publicPaths.Any(prefix => path == prefix || path.StartsWith(prefix + "/", StringComparison.Ordinal)))
                    paths[path] = item!.DeepClone();
            }
            foreach (var (name, schema) in renamed["components"]?["schemas"]?.AsObject() ?? [])
                schemas[name] = schema!.DeepClone();
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject
            {
                ["title"] = "CodeTether API",
                ["version"] = "v1",
                ["description"] = "Every public route of CodeTether, as each service's code describes it. " +
                                  "Authenticate with `Authorization: Bearer ct_…` (an API key) or an OAuth2 access token; " +
                                  "errors are RFC 9457 problem details.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas,
                ["securitySchemes"] = new JsonObject
                {
                    [SecuritySchemeName] = new JsonObject
                    {
                        ["type"] = "http",
                        ["scheme"] = "bearer",
                        ["description"] = "An API key (`ct_…`) or an OAuth2 access token.",
                    },
                },
            },
            ["security"] = new JsonArray(new JsonObject { [SecuritySchemeName] = new JsonArray() }),
        };
    }

    /// <summary>
    /// The document with each schema whose name another service already uses for a different schema renamed to
    /// <c>{Service}{Name}</c>, references included; identical schemas (problem details, …) are shared.
    /// </summary>
    private static JsonObject RenameCollidingSchemas(string service, JsonObject document, JsonObject merged)
    {
        var colliding = (document["components"]?["schemas"]?.AsObject() ?? [])
            .Where(schema => merged[schema.Key] is { } existing && !JsonNode.DeepEquals(existing, schema.Value))
            .Select(schema => schema.Key)
            .ToList();
        var text = colliding.Aggregate(document.ToJsonString(), (json, name) => json.Replace(
            $"\"{SchemaReferencePrefix}{name}\"", $"\"{SchemaReferencePrefix}{service}{name}\"", StringComparison.Ordinal));
        var renamed = JsonNode.Parse(text)!.AsObject();
        if (renamed["components"]?["schemas"] is JsonObject schemas)
        {
            foreach (var name in colliding)
            {
                var schema = schemas[name];
                schemas.Remove(name);
                schemas[service + name] = schema;
            }
        }
        return renamed;
    }
}
