using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CodeTether.ServiceDefaults;

public static class Messaging
{
    public const string DefaultRabbitMq = "amqp://guest:guest@127.0.0.1:5672/codetether";

    /// <summary>
    /// MassTransit on RabbitMQ from <c>ConnectionStrings:RabbitMq</c> (an amqp:// URI whose path is the vhost):
    /// durable kebab-case endpoints, publisher confirms, retry before the <c>_error</c> queue.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging(this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator> configure,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? configureBus = null)
    {
        var address = RabbitMqAddress(builder.Configuration);
        builder.Services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            configure(x);
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(address, h => h.PublisherConfirmation = true);
                cfg.UseMessageRetry(r => r.Intervals(100, 500, 1000, 2000, 5000));
                configureBus?.Invoke(context, cfg);
                cfg.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    public static Uri RabbitMqAddress(IConfiguration configuration)
        => new(configuration.GetConnectionString("RabbitMq") ?? DefaultRabbitMq);
}
