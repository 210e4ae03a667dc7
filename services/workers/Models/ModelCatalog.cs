using Microsoft.Extensions.Options;

namespace CodeTether.Workers.Models;

/// <summary>
/// The friendly model names of <c>Models:Catalog</c> (the n8n document's list) and the offline <c>simulator</c>, and
/// which of them this worker can serve: those whose provider it has configured.
/// </summary>
public sealed class ModelCatalog
{
    public const string Simulator = "simulator";
    private static readonly ModelReference SimulatorModel = new(Simulator, Simulator);
    private readonly Dictionary<string, ModelReference> byName = new(StringComparer.OrdinalIgnoreCase);

    public ModelCatalog(IOptions<ModelOptions> options)
    {
        foreach (var (name, value) in options.Value.Catalog)
            byName[name] = ModelReference.TryParse(value, out var reference)
                ? reference
                : throw new InvalidOperationException($"Models:Catalog:{name} is '{value}', which is not a provider:model reference.");
        byName.TryAdd(Simulator, SimulatorModel);

        Entries = byName.OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => new CatalogModel(e.Key, e.Value.ToString(), e.Value.Provider))
            .ToList();
        Available = Entries
            .Where(e => e.Provider == Simulator || options.Value.Provider(e.Provider) is { IsConfigured: true })
            .ToList();
    }

    public IReadOnlyList<CatalogModel> Entries { get; }

    /// <summary>The entries whose provider this worker has configured; the simulator always.</summary>
    public IReadOnlyList<CatalogModel> Available { get; }

    /// <summary>A friendly name or a <c>provider:model</c> reference, as a reference.</summary>
    public ModelReference Resolve(string model) =>
        byName.TryGetValue(model, out var reference) ? reference
        : ModelReference.TryParse(model, out reference) ? reference
        : throw new ModelNotAvailableException(
            $"Unknown model '{model}'. Use a name from GET /v1/models or a provider:model reference such as openai:gpt-4o.");
}
