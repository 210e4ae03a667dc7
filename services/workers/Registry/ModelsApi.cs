using CodeTether.Workers.Models;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Workers.Registry;

/// <summary>The Zapier "Find AI Models" search: the model catalogue, and how many online workers can call each model.</summary>
public static class ModelsApi
{
    public static RouteGroupBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/models").WithTags("Models");
        group.MapGet("", ListModels).WithSummary("Find models")
            .WithDescription("`provider` (anthropic, openai, google, openrouter, minimax, xai, simulator, …) filters by provider; `search` " +
                             "matches part of the name or `model_ref`, ignoring case. Catalogue models no online worker can call are listed " +
                             "with `workers_available` 0; models a worker can call that are not in the catalogue are listed by reference.");
        return group;
    }

    private static async Task<Ok<ModelListResponse>> ListModels(string? provider, string? search, ModelCatalog catalog,
        AgentRegistry registry, CancellationToken cancellationToken)
    {
        var workersByModel = (await registry.OnlineWorkers.Select(w => w.Models).ToListAsync(cancellationToken))
            .SelectMany(models => models.Distinct())
            .CountBy(model => model)
            .ToDictionary();
        var catalogued = catalog.Entries.DistinctBy(m => m.ModelRef).ToList();
        var uncatalogued = workersByModel.Keys.Except(catalogued.Select(m => m.ModelRef))
            .Select(model => ModelReference.TryParse(model, out var reference) ? new CatalogModel(model, model, reference.Provider) : null)
            .OfType<CatalogModel>();
        var models = catalogued.Concat(uncatalogued)
            .Where(m => string.IsNullOrWhiteSpace(provider) || m.Provider.Equals(provider.Trim(), StringComparison.OrdinalIgnoreCase))
            .Where(m => string.IsNullOrWhiteSpace(search)
                        || m.Name.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase)
                        || m.ModelRef.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase))
            .OrderBy(m => m.Provider, StringComparer.Ordinal).ThenBy(m => m.Name, StringComparer.Ordinal)
            .Select(m => new ModelResponse(m.ModelRef, m.Name, m.Provider, workersByModel.GetValueOrDefault(m.ModelRef)));
        return TypedResults.Ok(new ModelListResponse([.. models]));
    }
}
