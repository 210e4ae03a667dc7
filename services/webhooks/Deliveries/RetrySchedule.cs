using Microsoft.Extensions.Options;

namespace CodeTether.Webhooks.Deliveries;

/// <summary>When a failed delivery is tried again, if at all.</summary>
public class RetrySchedule(TimeSpan[] delays, double jitter, Random random)
{
    /// <summary>The longest a receiver's <c>Retry-After</c> can make us wait.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromDays(1);

    public RetrySchedule(IOptions<RetryOptions> options) : this(options.Value.ParsedDelays(), options.Value.Jitter, Random.Shared)
    {
    }

    public int MaxAttempts => delays.Length + 1;

    /// <summary>
    /// The wait after the <paramref name="attempt"/>th attempt failed (1-based), or null when it was the last. A receiver's
    /// <c>Retry-After</c> replaces the scheduled wait, up to <see cref="MaxRetryAfter"/>.
    /// </summary>
    public TimeSpan? After(int attempt, TimeSpan? retryAfter = null)
    {
        if (attempt < 1 || attempt > delays.Length)
            return null;
        if (retryAfter is { } asked)
            return asked < TimeSpan.Zero ? TimeSpan.Zero : asked > MaxRetryAfter ? MaxRetryAfter : asked;
        var delay = delays[attempt - 1];
        return delay * (1 + jitter * (2 * random.NextDouble() - 1));
    }
}
