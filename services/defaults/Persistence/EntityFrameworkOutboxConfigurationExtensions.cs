using MassTransit;
using MassTransit.Configuration;
using MassTransit.DependencyInjection;
using MassTransit.Middleware;
using MassTransit.Middleware.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CodeTether.ServiceDefaults.Persistence;

/// <summary>
/// The transactional outbox and inbox on EF Core and PostgreSQL, with the names and shapes of MassTransit.EntityFrameworkCore
/// (which is not on our package feed), so that moving to it is a package and using change.
/// </summary>
public static class EntityFrameworkOutboxConfigurationExtensions
{
    /// <summary>The outbox and inbox services for <typeparamref name="TDbContext"/>; endpoints then opt in with <see cref="UseEntityFrameworkOutbox{TDbContext}"/>.</summary>
    public static void AddEntityFrameworkOutbox<TDbContext>(this IBusRegistrationConfigurator configurator, Action<IEntityFrameworkOutboxConfigurator>? configure = null)
        where TDbContext : DbContext
    {
        var outbox = new EntityFrameworkOutboxConfigurator();
        configure?.Invoke(outbox);

        configurator.TryAddScoped<IOutboxContextFactory<TDbContext>, EntityFrameworkOutboxContextFactory<TDbContext>>();
        configurator.AddHostedService<InboxCleanupService<TDbContext>>();
        configurator.AddOptions<InboxCleanupServiceOptions>().Configure(o =>
        {
            o.DuplicateDetectionWindow = outbox.DuplicateDetectionWindow;
            o.QueryDelay = outbox.QueryDelay;
        });

        if (!outbox.BusOutbox)
            return;
        configurator.ReplaceScoped<IScopedBusContextProvider<IBus>, EntityFrameworkScopedBusContextProvider<IBus, TDbContext>>();
        configurator.TryAddSingleton<IBusOutboxNotification, BusOutboxNotification>();
        configurator.AddHostedService<BusOutboxDeliveryService<TDbContext>>();
        configurator.AddOptions<OutboxDeliveryServiceOptions>().Configure(o => o.QueryDelay = outbox.QueryDelay);
    }

    /// <summary>
    /// Each consumer and saga on the endpoint runs inside a <typeparamref name="TDbContext"/> transaction that also records the
    /// message in the inbox (a redelivered message is not consumed again) and stores what it publishes or sends, delivered after commit.
    /// Concurrency conflicts (see <see cref="ConcurrencyConflicts"/>) roll the message back and run it again.
    /// </summary>
    public static void UseEntityFrameworkOutbox<TDbContext>(this IReceiveEndpointConfigurator configurator, IRegistrationContext context,
        Action<IOutboxOptionsConfigurator>? configure = null)
        where TDbContext : DbContext
    {
        configurator.UseMessageRetry(ConcurrencyConflicts.Configure);

        var observer = new OutboxConsumePipeSpecificationObserver<TDbContext>(configurator, context);
        configure?.Invoke(observer);
        configurator.ConnectConsumerConfigurationObserver(observer);
        configurator.ConnectSagaConfigurationObserver(observer);
    }
}

public interface IEntityFrameworkOutboxConfigurator
{
    /// <summary>How long a consumed message is remembered in the inbox, so that a redelivery of it is recognised. Default 30 minutes.</summary>
    TimeSpan DuplicateDetectionWindow { set; }

    /// <summary>How often the bus outbox is polled (it is also woken when this process commits an outbox) and the inbox cleaned. Default 5 seconds.</summary>
    TimeSpan QueryDelay { set; }

    /// <summary>Deliver messages published or sent outside consumers (HTTP requests, background jobs) through the outbox.</summary>
    void UseBusOutbox();

    /// <summary>Kept so that call sites match the official package, which needs it; this implementation only speaks PostgreSQL.</summary>
    IEntityFrameworkOutboxConfigurator UsePostgres();
}

internal sealed class EntityFrameworkOutboxConfigurator : IEntityFrameworkOutboxConfigurator
{
    public TimeSpan DuplicateDetectionWindow { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan QueryDelay { get; set; } = TimeSpan.FromSeconds(5);
    public bool BusOutbox { get; private set; }

    public void UseBusOutbox() => BusOutbox = true;

    public IEntityFrameworkOutboxConfigurator UsePostgres() => this;
}
