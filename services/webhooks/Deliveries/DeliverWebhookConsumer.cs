using CodeTether.Webhooks.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Webhooks.Deliveries;

/// <summary>
/// Makes one attempt and records it, then schedules the next through the scheduler service, or ends the delivery as
/// delivered or dead. The delivery's row stays locked during the attempt, so copies of this message never send twice.
/// </summary>
public sealed class DeliverWebhookConsumer(WebhooksDbContext db, WebhookSender sender, RetrySchedule schedule, TimeProvider clock,
    ILogger<DeliverWebhookConsumer> logger) : IConsumer<DeliverWebhook>
{
    public async Task Consume(ConsumeContext<DeliverWebhook> context)
    {
        var message = context.Message;
        var cancellationToken = context.CancellationToken;
        var delivery = await db.Deliveries.FromSql($"SELECT * FROM deliveries WHERE id = {message.DeliveryId} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
        if (delivery is null || delivery.Status is DeliveryStatuses.Delivered or DeliveryStatuses.Dead || delivery.AttemptCount != message.Attempt - 1)
            return;

        var secret = await db.Secrets.AsNoTracking().SingleOrDefaultAsync(s => s.TenantId == delivery.TenantId, cancellationToken);
        var outcome = await sender.SendAsync(delivery, secret, cancellationToken);
        var now = clock.GetUtcNow();
        delivery.AttemptCount = message.Attempt;
        db.Attempts.Add(new DeliveryAttempt
        {
            DeliveryId = delivery.Id,
            Number = message.Attempt,
            AttemptedAt = now - outcome.Latency,
            StatusCode = outcome.StatusCode,
            LatencyMs = (int)outcome.Latency.TotalMilliseconds,
            Error = Truncate(outcome.Error),
            ResponseStart = outcome.ResponseStart,
        });

        var retryIn = message.Final || outcome.Refused ? null : schedule.After(message.Attempt, outcome.RetryAfter);
        if (outcome.Succeeded)
        {
            delivery.Status = DeliveryStatuses.Delivered;
            delivery.DeliveredAt = now;
            delivery.NextAttemptAt = null;
        }
        else if (outcome.StatusCode == 410 && delivery.SubscriptionId is { } subscriptionId)
        {
            logger.LogInformation("Subscription {SubscriptionId} answered 410 Gone: removed", subscriptionId);
            await db.Subscriptions.Where(s => s.Id == subscriptionId).ExecuteDeleteAsync(cancellationToken);
            delivery.Status = DeliveryStatuses.Dead;
            delivery.NextAttemptAt = null;
        }
        else if (retryIn is { } delay)
        {
            delivery.Status = DeliveryStatuses.Retrying;
            delivery.NextAttemptAt = now + delay;
            await context.ScheduleSend(DeliveryEndpoint.Address, delay, new DeliverWebhook(delivery.Id, message.Attempt + 1), cancellationToken);
        }
        else
        {
            logger.LogWarning("Delivery {DeliveryId} to {Url} is dead after attempt {Attempt}: {Error}", delivery.Id, delivery.Url, message.Attempt, outcome.Error);
            delivery.Status = DeliveryStatuses.Dead;
            delivery.NextAttemptAt = null;
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string? Truncate(string? text) => text is { Length: > 1000 } ? text[..1000] : text;
}
