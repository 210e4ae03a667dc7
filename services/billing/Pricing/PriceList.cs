using CodeTether.Contracts.Billing;
using Microsoft.Extensions.Options;

namespace CodeTether.Billing.Pricing;

/// <summary>The pricing table from configuration (<c>Billing:Prices</c>, a list since model names contain colons).</summary>
public class PriceList(IOptions<PriceListOptions> options)
{
    private const decimal Million = 1_000_000m;
    private readonly Dictionary<string, ModelPrice> prices =
        options.Value.Prices.ToDictionary(p => p.Model, StringComparer.OrdinalIgnoreCase);

    /// <returns>The cost in USD, and whether the model has a price (an unpriced model costs zero).</returns>
    public (decimal Cost, bool Priced) Cost(UsageRecorded usage)
    {
        if (!prices.TryGetValue(usage.Model, out var price))
            return (0m, false);
        var cached = Math.Clamp(usage.CachedInputTokens, 0, usage.InputTokens);
        var cost = (usage.InputTokens - cached) * price.InputPerMillion / Million
                   + cached * (price.CachedInputPerMillion ?? price.InputPerMillion) / Million
                   + usage.OutputTokens * price.OutputPerMillion / Million;
        return (cost, true);
    }
}

public class PriceListOptions
{
    public const string Section = "Billing";
    public List<ModelPrice> Prices { get; set; } = [];
}
