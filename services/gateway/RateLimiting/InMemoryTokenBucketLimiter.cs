using System.Collections.Concurrent;
using CodeTether.Gateway.Tenants;
using Microsoft.Extensions.Options;

namespace CodeTether.Gateway.RateLimiting;

/// <summary>
/// The same token buckets as <see cref="RedisTokenBucketLimiter"/>, kept in this process's memory: the fallback while
/// Redis is unreachable. Each gateway instance then limits on its own, so N instances let up to N times the plan's
/// limit through; that is still a limit, where failing open would be none.
/// </summary>
public sealed class InMemoryTokenBucketLimiter(IOptions<RateLimitOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, State> _buckets = new();
    private long _lastSweep;

    public RateLimitDecision? TryTake(string key, Plan plan)
    {
        if (options.Value.BucketFor(plan) is not { } bucket)
            return null;

        var now = clock.GetUtcNow();
        SweepIdle(now);
        var state = _buckets.GetOrAdd($"{key}:{bucket.Capacity}", _ => new State(bucket.Capacity, now));
        lock (state)
        {
            if (now > state.At)
            {
                state.Tokens = Math.Min(bucket.Capacity, state.Tokens + (now - state.At) / TokenBucket.RefillPeriod * bucket.Capacity);
                state.At = now;
            }
            var allowed = state.Tokens >= 1;
            if (allowed)
                state.Tokens -= 1;
            return bucket.Decide(allowed, state.Tokens, now);
        }
    }

    /// <summary>A bucket untouched for a whole refill period is full again: forgetting it changes nothing.</summary>
    private void SweepIdle(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _lastSweep);
        if (now.UtcTicks - last < TokenBucket.RefillPeriod.Ticks || Interlocked.CompareExchange(ref _lastSweep, now.UtcTicks, last) != last)
            return;
        foreach (var (key, state) in _buckets)
        {
            if (now - state.At > TokenBucket.RefillPeriod)
                _buckets.TryRemove(key, out _);
        }
    }

    private sealed class State(double tokens, DateTimeOffset at)
    {
        public double Tokens { get; set; } = tokens;
        public DateTimeOffset At { get; set; } = at;
    }
}
