using CodeTether.Webhooks.Api;
using CodeTether.Webhooks.Deliveries;
using CodeTether.Webhooks.Email;
using CodeTether.Webhooks.Events;
using CodeTether.Webhooks.Safety;
using MassTransit;

namespace CodeTether.Webhooks;

public static class WebhooksRegistration
{
    /// <summary>The task-event consumers, the delivery and e-mail queues, and the guarded HTTP client deliveries use.</summary>
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder, IBusRegistrationConfigurator bus)
    {
        builder.Services.Configure<RetryOptions>(builder.Configuration.GetSection(RetryOptions.Section));
        builder.Services.Configure<AddressPolicyOptions>(builder.Configuration.GetSection(AddressPolicyOptions.Section));
        builder.Services.Configure<SmtpOptions>(builder.Configuration.GetSection(SmtpOptions.Section));
        builder.Services.Configure<SigningSecretOptions>(builder.Configuration.GetSection(SigningSecretOptions.Section));
        builder.Services.AddSingleton<RetrySchedule>();
        builder.Services.AddSingleton<AddressPolicy>();
        builder.Services.AddSingleton<GuardedConnector>();
        builder.Services.AddScoped<WebhookSender>();
        builder.Services.AddScoped<DeliveryFanOut>();
        builder.Services.AddHttpClient(WebhookSender.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(services => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                ConnectCallback = services.GetRequiredService<GuardedConnector>().ConnectAsync,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            });

        bus.AddConsumer<TaskEventsConsumer>();
        bus.AddConsumer<DeliverWebhookConsumer, DeliverWebhookConsumerDefinition>();
        bus.AddConsumer<SendTaskEmailConsumer, SendTaskEmailConsumerDefinition>();
        return builder;
    }
}
