namespace CodeTether.Webhooks.Data;

/// <summary>One event for one URL: the exact bytes sent on every attempt, and where its attempts stand.</summary>
public class Delivery
{
    public required Guid Id { get; init; }
    public required Guid TenantId { get; init; }
    public required Guid TaskId { get; init; }
    /// <summary>Null for the task's own <c>webhook_url</c>.</summary>
    public Guid? SubscriptionId { get; init; }
    public required string Event { get; init; }
    public required string EventKey { get; init; }
    public required string Url { get; init; }
    public required byte[] Payload { get; init; }
    public required string Status { get; set; }
    public int AttemptCount { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public List<DeliveryAttempt> Attempts { get; init; } = [];

    /// <summary>The Standard Webhooks <c>webhook-id</c>: the same on every attempt, so receivers can drop duplicates.</summary>
    public string WebhookId => WebhookIdOf(Id);

    public static string WebhookIdOf(Guid id) => $"msg_{id:N}";
}

public static class DeliveryStatuses
{
    public const string Pending = "pending";
    public const string Retrying = "retrying";
    public const string Delivered = "delivered";
    public const string Dead = "dead";

    public static readonly string[] All = [Pending, Retrying, Delivered, Dead];
}
