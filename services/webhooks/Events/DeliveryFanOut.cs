using CodeTether.Webhooks.Data;
using CodeTether.Webhooks.Deliveries;
using CodeTether.Webhooks.Email;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Webhooks.Events;

/// <summary>
/// Turns one lifecycle event into deliveries — the task's <c>webhook_url</c> and each matching subscription of its
/// tenant — and an e-mail, once per transition. Runs in the consumer's outbox transaction: the deliveries and the
/// messages that start them commit together.
/// </summary>
public class DeliveryFanOut(WebhooksDbContext db, TimeProvider clock)
{
    public async Task HandleAsync(LifecycleEvent lifecycleEvent, ConsumeContext context)
    {
        var cancellationToken = context.CancellationToken;
        if (await db.HandledEvents.AnyAsync(e => e.EventKey == lifecycleEvent.Key, cancellationToken))
            return;
        var now = clock.GetUtcNow();
        // A copy handled concurrently collides on this key at commit; the retry then finds it handled.
        db.HandledEvents.Add(new HandledEvent { EventKey = lifecycleEvent.Key, HandledAt = now });

        var task = lifecycleEvent.Task;
        var deliveries = new List<Delivery>();
        if (lifecycleEvent.IsFinal && task.WebhookUrl is { } webhookUrl)
            deliveries.Add(NewDelivery(lifecycleEvent, webhookUrl, null, lifecycleEvent.CallbackPayload(), now));

        var subscriptions = await db.Subscriptions.AsNoTracking()
            .Where(s => s.TenantId == task.TenantId && s.Event == lifecycleEvent.Name)
            .ToListAsync(cancellationToken);
        if (subscriptions.Count > 0)
        {
            var payload = lifecycleEvent.SubscriptionPayload();
            deliveries.AddRange(subscriptions.Select(s => NewDelivery(lifecycleEvent, s.TargetUrl, s.Id, payload, now)));
        }

        db.Deliveries.AddRange(deliveries);
        await db.SaveChangesAsync(cancellationToken);
        var deliveryQueue = await context.GetSendEndpoint(DeliveryEndpoint.Address);
        foreach (var delivery in deliveries)
            await deliveryQueue.Send(new DeliverWebhook(delivery.Id, 1), cancellationToken);

        if (lifecycleEvent.Name is LifecycleEvent.Completed or LifecycleEvent.Failed && task.NotifyEmail is not null)
            await (await context.GetSendEndpoint(TaskEmailEndpoint.Address)).Send(new SendTaskEmail(task.TaskId, lifecycleEvent.Status,
                lifecycleEvent.Result ?? lifecycleEvent.Error ?? "", lifecycleEvent.At), cancellationToken);
    }

    private static Delivery NewDelivery(LifecycleEvent lifecycleEvent, string url, Guid? subscriptionId, byte[] payload, DateTimeOffset now) => new()
    {
        Id = NewId.NextGuid(),
        TenantId = lifecycleEvent.Task.TenantId,
        TaskId = lifecycleEvent.Task.TaskId,
        SubscriptionId = subscriptionId,
        Event = lifecycleEvent.Name,
        EventKey = lifecycleEvent.Key,
        Url = url,
        Payload = payload,
        Status = DeliveryStatuses.Pending,
        NextAttemptAt = now,
        CreatedAt = now,
    };
}
