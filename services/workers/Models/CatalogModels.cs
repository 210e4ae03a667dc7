using Microsoft.Extensions.Options;

namespace CodeTether.Workers.Models;

/// <summary>The model catalogue (<c>Models:Catalog</c>) and the part of it this worker can call.</summary>
public class CatalogModels(IOptions<ModelOptions> options)
{
    public IReadOnlyList<CatalogModel> All =>
    [
        .. options.Value.Catalog
            .Select(entry => ModelReference.TryParse(entry.Value, out var reference) ? new CatalogModel(entry.Key, reference.ToString(), reference.Provider) : null)
            .OfType<CatalogModel>(),
    ];

    /// <summary>The models whose provider this worker has configured, and the offline simulator.</summary>
    public IReadOnlyList<CatalogModel> Available =>
    [
        .. All.Where(m => m.Provider == ChatClientProvider.SimulatorProvider || options.Value.Providers.GetValueOrDefault(m.Provider) is { IsConfigured: true }),
    ];
}

/// <param name="Name">The friendly name of the n8n document, e.g. <c>gpt-4o</c>.</param>
/// <param name="ModelRef">Its <c>provider:model</c> reference, e.g. <c>openai:gpt-4o</c>.</param>
public sealed record CatalogModel(string Name, string ModelRef, string Provider);
