using CodeTether.Billing.Limits;
using CodeTether.Billing.Pricing;
using MassTransit;

namespace CodeTether.Billing.Usage;

public static class BillingRegistration
{
    /// <summary>The pricing table, the spending limits, and the consumer that counts usage.</summary>
    public static IHostApplicationBuilder AddUsageBilling(this IHostApplicationBuilder builder, IBusRegistrationConfigurator bus)
    {
        builder.Services.Configure<PriceListOptions>(builder.Configuration.GetSection(PriceListOptions.Section));
        builder.Services.AddSingleton<PriceList>();
        builder.Services.AddScoped<SpendingLimits>();
        bus.AddConsumer<UsageRecordedConsumer>();
        return builder;
    }
}
