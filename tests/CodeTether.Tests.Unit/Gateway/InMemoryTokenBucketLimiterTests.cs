using CodeTether.Gateway.RateLimiting;
using CodeTether.Gateway.Tenants;
using Microsoft.Extensions.Options;

namespace CodeTether.Tests.Unit.Gateway;

public sealed class InMemoryTokenBucketLimiterTests
{
    private readonly ManualClock _clock = new(DateTimeOffset.Parse("2026-02-10T12:00:00Z"));

    [Fact]
    public void It_holds_the_same_limits_as_the_redis_buckets()
    {
        var limiter = new InMemoryTokenBucketLimiter(Options.Create(new RateLimitOptions { Free = 3 }), _clock);

        Assert.Equal([2, 1, 0], Enumerable.Range(0, 3).Select(_ => limiter.TryTake("k", Plan.Free)!.Remaining));
        var refused = limiter.TryTake("k", Plan.Free)!;
        Assert.False(refused.Allowed);
        Assert.Equal(20, refused.RetryAfterSeconds);
        Assert.True(limiter.TryTake("other", Plan.Free)!.Allowed);

        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True(limiter.TryTake("k", Plan.Free)!.Allowed);
        Assert.False(limiter.TryTake("k", Plan.Free)!.Allowed);
    }

    [Fact]
    public void Unlimited_plans_are_not_counted() =>
        Assert.Null(new InMemoryTokenBucketLimiter(Options.Create(new RateLimitOptions()), _clock).TryTake("k", Plan.Enterprise));

    [Fact]
    public void Concurrent_takes_never_overspend()
    {
        var limiter = new InMemoryTokenBucketLimiter(Options.Create(new RateLimitOptions { Free = 60 }), _clock);

        var allowed = 0;
        Parallel.For(0, 500, _ =>
        {
            if (limiter.TryTake("k", Plan.Free)!.Allowed)
                Interlocked.Increment(ref allowed);
        });

        Assert.Equal(60, allowed);
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
