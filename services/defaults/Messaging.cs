using CodeTether.ServiceDefaults.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
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

    /// <summary>
    /// The transactional outbox and inbox on the service's own database, for every endpoint: what a consumer or saga
    /// stores and what it publishes commit together, a redelivered message is consumed once, and messages published
    /// outside consumers (HTTP requests) are stored with the request's changes and delivered after commit.
    /// </summary>
    public static void AddTransactionalOutbox<TDbContext>(this IBusRegistrationConfigurator bus)
        where TDbContext : DbContext
    {
        bus.AddEntityFrameworkOutbox<TDbContext>(o =>
        {
            o.UsePostgres();
            o.UseBusOutbox();
        });
        bus.AddConfigureEndpointsCallback((context, _, endpoint) => endpoint.UseEntityFrameworkOutbox<TDbContext>(context));
    }

    public static Uri RabbitMqAddress(IConfiguration configuration)
        => new(configuration.GetConnectionString("RabbitMq") ?? DefaultRabbitMq);
}
