using MassTransit;
using MassTransit.DependencyInjection;
using MassTransit.Middleware.Outbox;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.ServiceDefaults.Persistence;

/// <summary>
/// The bus outbox (after MassTransit.EntityFrameworkCoreIntegration, Apache-2.0): outside a consumer — in an HTTP request,
/// say — the scoped <see cref="IPublishEndpoint"/> and <see cref="ISendEndpointProvider"/> add messages to the scope's
/// DbContext, so they are committed by its SaveChangesAsync together with the business data; inside a consumer they
/// behave as MassTransit's own.
/// </summary>
public sealed class EntityFrameworkScopedBusContextProvider<TBus, TDbContext> : IScopedBusContextProvider<TBus>, IDisposable
    where TBus : class, IBus
    where TDbContext : DbContext
{
    public EntityFrameworkScopedBusContextProvider(TBus bus, TDbContext dbContext, IBusOutboxNotification notification,
        Bind<TBus, IClientFactory> clientFactory, Bind<TBus, IScopedConsumeContextProvider> busConsumeContextProvider,
        IScopedConsumeContextProvider globalConsumeContextProvider, IServiceProvider provider)
    {
        var standard = new ScopedBusContextProvider<TBus>(bus, clientFactory, busConsumeContextProvider, globalConsumeContextProvider, provider).Context;
        Context = standard is BusScopedBusContext<TBus>
            ? new EntityFrameworkScopedBusContext(bus, standard.ClientFactory, dbContext, notification, provider)
            : standard;
    }

    public ScopedBusContext Context { get; }

    public void Dispose() => (Context as IDisposable)?.Dispose();
}
