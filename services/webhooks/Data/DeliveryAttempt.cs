namespace CodeTether.Webhooks.Data;

public class DeliveryAttempt
{
    public required Guid DeliveryId { get; init; }
    public required int Number { get; init; }
    public required DateTimeOffset AttemptedAt { get; init; }
    public int? StatusCode { get; init; }
    public required int LatencyMs { get; init; }
    public string? Error { get; init; }
    /// <summary>The first characters of the receiver's answer.</summary>
    public string? ResponseStart { get; init; }
}
