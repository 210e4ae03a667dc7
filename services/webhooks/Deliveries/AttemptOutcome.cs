namespace CodeTether.Webhooks.Deliveries;

/// <summary>What one attempt got back. <see cref="Refused"/>: the URL leads to an address webhooks may not reach.</summary>
public record AttemptOutcome(int? StatusCode, TimeSpan Latency, string? Error, string? ResponseStart, TimeSpan? RetryAfter, bool Refused = false)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}
