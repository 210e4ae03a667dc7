namespace CodeTether.Billing.Pricing;

/// <summary>USD per million tokens for one <c>provider:model</c>.</summary>
public class ModelPrice
{
    public required string Model { get; set; }
    public decimal InputPerMillion { get; set; }
    public decimal OutputPerMillion { get; set; }
    /// <summary>For providers with a prompt cache; cached input costs the input price where this is not set.</summary>
    public decimal? CachedInputPerMillion { get; set; }
}
