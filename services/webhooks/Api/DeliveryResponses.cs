using System.Linq.Expressions;
using System.Text;
using CodeTether.Webhooks.Data;

namespace CodeTether.Webhooks.Api;

public record DeliveryList(IReadOnlyList<DeliveryResponse> Deliveries, int Total);

public record DeliveryResponse(Guid Id, string WebhookId, Guid TaskId, Guid? SubscriptionId, string Event, string Url, string Status,
    int AttemptCount, DateTimeOffset? NextAttemptAt, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt,
    IReadOnlyList<AttemptResponse> Attempts, string? Payload)
{
    /// <summary>A delivery without its payload, as a query's projection: a list does not read every delivery's bytes.</summary>
    public static readonly Expression<Func<Delivery, DeliveryResponse>> WithoutPayload = d => new DeliveryResponse(d.Id,
        Delivery.WebhookIdOf(d.Id), d.TaskId, d.SubscriptionId, d.Event, d.Url, d.Status, d.AttemptCount, d.NextAttemptAt, d.CreatedAt,
        d.DeliveredAt, d.Attempts.OrderBy(a => a.Number)
            .Select(a => new AttemptResponse(a.Number, a.AttemptedAt, a.StatusCode, a.LatencyMs, a.Error, a.ResponseStart)).ToList(),
        null);

    private static readonly Func<Delivery, DeliveryResponse> FromLoaded = WithoutPayload.Compile();

    /// <summary>The payload (the exact text sent) only when one delivery is asked for.</summary>
    public static DeliveryResponse From(Delivery d, bool withPayload = false) =>
        FromLoaded(d) with { Payload = withPayload ? Encoding.UTF8.GetString(d.Payload) : null };
}

public record AttemptResponse(int Number, DateTimeOffset AttemptedAt, int? StatusCode, int LatencyMs, string? Error, string? ResponseStart);
