using CodeTether.Billing.Pricing;
using CodeTether.Billing.Usage;
using CodeTether.Contracts.Billing;
using Microsoft.Extensions.Options;

namespace CodeTether.Tests.Unit.Billing;

public class PricingTests
{
    private readonly PriceList prices = new(Options.Create(new PriceListOptions
    {
        Prices =
        [
            new ModelPrice { Model = "openai:gpt-4o", InputPerMillion = 2.5m, OutputPerMillion = 10m, CachedInputPerMillion = 1.25m },
            new ModelPrice { Model = "xai:grok-3", InputPerMillion = 3m, OutputPerMillion = 15m },
        ],
    }));

    private static UsageRecorded Usage(string model, long input, long output, long cached = 0) => new()
    {
        UsageId = Guid.NewGuid(), TenantId = Guid.NewGuid(), Model = model, InputTokens = input, OutputTokens = output,
        CachedInputTokens = cached, RecordedAt = DateTimeOffset.UtcNow,
    };

    [Fact]
    public void Input_and_output_are_priced_per_million_tokens_in_exact_decimals() =>
        Assert.Equal((0.0035m, true), prices.Cost(Usage("openai:gpt-4o", 1000, 100)));

    [Fact]
    public void Cached_input_is_priced_at_the_cached_price() =>
        Assert.Equal((0.0025m + 0.00125m, true), prices.Cost(Usage("openai:gpt-4o", 2000, 0, cached: 1000)));

    [Fact]
    public void Without_a_cached_price_cached_input_costs_the_input_price() =>
        Assert.Equal((0.006m, true), prices.Cost(Usage("xai:grok-3", 2000, 0, cached: 1000)));

    [Fact]
    public void A_model_without_a_price_costs_nothing_and_is_flagged() =>
        Assert.Equal((0m, false), prices.Cost(Usage("acme:secret-model", 1000, 1000)));
}

public class BillingMonthTests
{
    [Theory]
    [InlineData("2026-11-30T23:59:59.999+00:00", "2026-11")]
    [InlineData("2026-12-01T00:00:00+00:00", "2026-12")]
    [InlineData("2026-12-01T00:30:00+01:00", "2026-11")]
    [InlineData("2026-12-31T23:00:00-05:00", "2027-01")]
    public void A_month_is_the_UTC_calendar_month(string instant, string month) =>
        Assert.Equal(month, BillingMonth.Of(DateTimeOffset.Parse(instant)).ToString());

    [Theory]
    [InlineData("2026-02", true)]
    [InlineData("2026-13", false)]
    [InlineData("26-02", false)]
    [InlineData("2026-2", false)]
    [InlineData("february", false)]
    public void Months_are_written_YYYY_MM(string text, bool valid) => Assert.Equal(valid, BillingMonth.TryParse(text, out _));
}
