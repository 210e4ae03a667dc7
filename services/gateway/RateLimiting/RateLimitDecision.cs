namespace CodeTether.Gateway.RateLimiting;

/// <param name="ResetAt">When the bucket is full again.</param>
/// <param name="RetryAfter">When a refused caller may try again: when the next whole token is in the bucket.</param>
public sealed record RateLimitDecision(bool Allowed, int Limit, int Remaining, DateTimeOffset ResetAt, TimeSpan RetryAfter)
{
    public long ResetUnixSeconds => (long)Math.Ceiling(ResetAt.ToUnixTimeMilliseconds() / 1000d);

    public int RetryAfterSeconds => (int)Math.Ceiling(RetryAfter.TotalSeconds);

    public void WriteHeaders(IHeaderDictionary headers)
    {
        headers["X-RateLimit-Limit"] = Limit.ToString();
        headers["X-RateLimit-Remaining"] = Remaining.ToString();
        headers["X-RateLimit-Reset"] = ResetUnixSeconds.ToString();
        if (!Allowed)
            headers.RetryAfter = RetryAfterSeconds.ToString();
    }
}
