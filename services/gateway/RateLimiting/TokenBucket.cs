namespace CodeTether.Gateway.RateLimiting;

/// <summary>
/// A bucket that holds a minute's worth of requests and refills evenly over the minute: a steady rate of
/// <see cref="RequestsPerMinute"/>, with bursts up to the same number.
/// </summary>
public sealed record TokenBucket(int RequestsPerMinute)
{
    public static readonly TimeSpan RefillPeriod = TimeSpan.FromMinutes(1);

    public int Capacity => RequestsPerMinute;

    /// <summary>How long the bucket takes to gain <paramref name="tokens"/> tokens.</summary>
    public TimeSpan TimeToRefill(double tokens) => RefillPeriod * (Math.Max(tokens, 0) / RequestsPerMinute);

    /// <summary>What to tell the caller after the bucket was left holding <paramref name="tokensLeft"/> tokens.</summary>
    public RateLimitDecision Decide(bool allowed, double tokensLeft, DateTimeOffset now) => new(
        allowed,
        Limit: RequestsPerMinute,
        Remaining: (int)Math.Floor(Math.Clamp(tokensLeft, 0, Capacity)),
        ResetAt: now + TimeToRefill(Capacity - tokensLeft),
        RetryAfter: allowed ? TimeSpan.Zero : TimeToRefill(1 - tokensLeft));
}
