using CodeTether.ServiceDefaults.Journal;
using CodeTether.ServiceDefaults.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodeTether.ServiceDefaults;

public static class Messaging
{
    public const string DefaultRabbitMq = "amqp://guest:guest@127.0.0.1:5672/codetether";
    public const string DefaultRabbitMqManagement = "http://guest:guest@127.0.0.1:15672/";

    /// <summary>The scheduler service's queue: it stores <c>ScheduleMessage</c>s and sends each on at its time.</summary>
    public const string SchedulerQueue = "scheduler";

    public static readonly Uri SchedulerAddress = new($"queue:{SchedulerQueue}");

    /// <summary>Scheduled redelivery intervals, after the immediate retries and before the <c>_error</c> queue.</summary>
    public static readonly TimeSpan[] RedeliveryIntervals = [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)];

    /// <summary>
    /// MassTransit on RabbitMQ from <c>ConnectionStrings:RabbitMq</c> (an amqp:// URI whose path is the vhost):
    /// durable kebab-case endpoints, publisher confirms, the scheduler service as message scheduler (<c>IMessageScheduler</c>,
    /// <c>context.ScheduleSend</c>, a saga's <c>Schedule(...)</c> all send a <c>ScheduleMessage</c> to <c>queue:scheduler</c>),
    /// and on every endpoint retry, then scheduled redelivery, then the <c>_error</c> queue. Every message the bus sends or
    /// publishes is also kept in the journal stream (<see cref="JournalObserver"/>, docs/journal.md).
    /// </summary>
    public static IHostApplicationBuilder AddMessaging(this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator> configure,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? configureBus = null)
    {
        var address = RabbitMqAddress(builder.Configuration);
        builder.AddJournal(address);
        builder.AddQueueDepthMonitor(address);
        builder.Services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            x.AddMessageScheduler(SchedulerAddress);
            // Registered before the service's own callbacks (the outbox), so these wrap them: a failing message is retried
            // at once a few times, then redelivered later through the scheduler, then moved to _error. RabbitMQ here has no
            // delayed-exchange plugin, so this is scheduled (not delayed) redelivery. The scheduler's own queue has no
            // redelivery: it would be scheduling into itself.
            x.AddConfigureEndpointsCallback((context, name, endpoint) =>
            {
                if (name != SchedulerQueue)
                    endpoint.UseScheduledRedelivery(r => r.Intervals(RedeliveryIntervals));
                endpoint.UseMessageRetry(r => r.Intervals(100, 500, 1000, 2000, 5000));
                endpoint.ConnectReceiveEndpointObserver(context.GetRequiredService<QueueDepthMonitor>());
            });
            configure(x);
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(address, h => h.PublisherConfirmation = true);
                cfg.UseMessageScheduler(SchedulerAddress);
                var journal = context.GetRequiredService<JournalObserver>();
                cfg.ConnectSendObserver(journal);
                cfg.ConnectPublishObserver(journal);
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

    private static void AddJournal(this IHostApplicationBuilder builder, Uri rabbitMq)
    {
        builder.Services.Configure<JournalOptions>(builder.Configuration.GetSection(JournalOptions.Section));
        builder.Services.AddSingleton<JournalObserver>();
        builder.Services.AddHostedService(provider => new JournalWriter(provider.GetRequiredService<JournalObserver>(), rabbitMq,
            provider.GetRequiredService<IOptions<JournalOptions>>(), provider.GetRequiredService<IHostEnvironment>(),
            provider.GetRequiredService<ILogger<JournalWriter>>()));
    }

    private static void AddQueueDepthMonitor(this IHostApplicationBuilder builder, Uri rabbitMq)
    {
        builder.Services.AddCodeTetherMetrics();
        builder.Services.AddSingleton(provider => new QueueDepthMonitor(provider.GetRequiredService<CodeTetherMetrics>(), rabbitMq,
            provider.GetRequiredService<IHostEnvironment>(), provider.GetRequiredService<ILogger<QueueDepthMonitor>>()));
        builder.Services.AddHostedService(provider => provider.GetRequiredService<QueueDepthMonitor>());
    }

    public static Uri RabbitMqAddress(IConfiguration configuration)
        => new(configuration.GetConnectionString("RabbitMq") ?? DefaultRabbitMq);

    /// <summary>RabbitMQ's management API (<c>ConnectionStrings:RabbitMqManagement</c>, with credentials), for operator commands.</summary>
    public static Uri RabbitMqManagementAddress(IConfiguration configuration)
        => new(configuration.GetConnectionString("RabbitMqManagement") ?? DefaultRabbitMqManagement);
}
