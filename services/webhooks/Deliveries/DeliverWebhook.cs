namespace CodeTether.Webhooks.Deliveries;

/// <summary>
/// Make attempt number <paramref name="Attempt"/> of a delivery. A copy whose attempt was already made is dropped.
/// <paramref name="Final"/> (a manual redelivery) means no retries after it.
/// </summary>
public record DeliverWebhook(Guid DeliveryId, int Attempt, bool Final = false);
