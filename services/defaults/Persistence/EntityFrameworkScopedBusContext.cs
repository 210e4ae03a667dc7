using MassTransit;
using MassTransit.DependencyInjection;
using MassTransit.Middleware;
using MassTransit.Middleware.Outbox;
using MassTransit.Transports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CodeTether.ServiceDefaults.Persistence;

internal sealed class EntityFrameworkScopedBusContext(IBus bus, IScopedClientFactory clientFactory, DbContext dbContext,
    IBusOutboxNotification notification, IServiceProvider provider) : ScopedBusContext, OutboxSendContext, IDisposable
{
    readonly Lock _addLock = new();
    EntityEntry<OutboxState>? _outbox;

    public ISendEndpointProvider SendEndpointProvider => field ??= new OutboxSendEndpointProvider(this, bus);
    public IPublishEndpoint PublishEndpoint => field ??= new PublishEndpoint(new OutboxPublishEndpointProvider(this, bus));
    public IScopedClientFactory ClientFactory => clientFactory;

    public Task AddSend<T>(SendContext<T> context)
        where T : class
    {
        lock (_addLock)
        {
            // Messages sent after SaveChangesAsync (or after the change tracker was cleared) belong to a new outbox.
            if (_outbox?.State != EntityState.Added)
            {
                WakeDeliveryIfSaved();
                _outbox = dbContext.Add(new OutboxState { OutboxId = NewId.NextGuid(), Created = DateTime.UtcNow });
            }
            dbContext.Add(OutboxMessage.Create(context, outboxId: _outbox.Entity.OutboxId));
        }
        return Task.CompletedTask;
    }

    public object? GetService(Type serviceType) => provider.GetService(serviceType);

    public void Dispose() => WakeDeliveryIfSaved();

    void WakeDeliveryIfSaved()
    {
        if (_outbox?.State == EntityState.Unchanged)
            notification.Delivered();
    }
}
