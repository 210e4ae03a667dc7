using CodeTether.Gateway.RateLimiting;
using CodeTether.Gateway.Tenants;
using CodeTether.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CodeTether.Tests.Integration.Gateway;

/// <summary>The Lua token bucket against the real Redis, with a clock the test moves.</summary>
public sealed class RedisTokenBucketLimiterTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new(DateTimeOffset.Parse("2026-02-10T12:00:00Z"));
    private ConnectionMultiplexer _redis = null!;

    public async Task InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(TestInfrastructure.Redis);

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task A_bucket_allows_a_burst_of_its_capacity_then_refills_one_token_per_sixtieth_of_the_limit()
    {
        var limiter = Limiter(requestsPerMinute: 3);
        var key = Guid.NewGuid();

        Assert.Equal(new[] { 2, 1, 0 }, await TakeAsync(limiter, key, 3));
        var refused = (await limiter.TryTakeAsync(key, Plan.Free))!;
        Assert.False(refused.Allowed);
        Assert.Equal(20, refused.RetryAfterSeconds);
        Assert.Equal(_clock.GetUtcNow().AddMinutes(1), refused.ResetAt);

        _clock.Advance(TimeSpan.FromSeconds(19));
        Assert.False((await limiter.TryTakeAsync(key, Plan.Free))!.Allowed);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await limiter.TryTakeAsync(key, Plan.Free))!.Allowed);

        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(new[] { 2, 1, 0 }, await TakeAsync(limiter, key, 3));
    }

    [Fact]
    public async Task Concurrent_requests_never_spend_more_tokens_than_the_bucket_holds()
    {
        var limiter = Limiter(requestsPerMinute: 10);
        var key = Guid.NewGuid();

        var decisions = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => limiter.TryTakeAsync(key, Plan.Free)));

        Assert.Equal(10, decisions.Count(d => d!.Allowed));
    }

    [Fact]
    public async Task A_clock_behind_the_last_request_does_not_refill_or_break_the_bucket()
    {
        var limiter = Limiter(requestsPerMinute: 2);
        var key = Guid.NewGuid();
        await TakeAsync(limiter, key, 2);

        _clock.Advance(TimeSpan.FromSeconds(-30));

        Assert.False((await limiter.TryTakeAsync(key, Plan.Free))!.Allowed);
    }

    private RedisTokenBucketLimiter Limiter(int requestsPerMinute)
    {
        var limits = Options.Create(new RateLimitOptions { Free = requestsPerMinute });
        return new RedisTokenBucketLimiter(
            _redis,
            limits,
            Options.Create(new RedisOptions { KeyPrefix = TestInfrastructure.RedisKeyPrefix("ratelimit") }),
            new InMemoryTokenBucketLimiter(limits, _clock),
            _clock,
            NullLogger<RedisTokenBucketLimiter>.Instance);
    }

    private static async Task<int[]> TakeAsync(RedisTokenBucketLimiter limiter, Guid key, int count)
    {
        var remaining = new int[count];
        for (var i = 0; i < count; i++)
        {
            var decision = (await limiter.TryTakeAsync(key, Plan.Free))!;
            Assert.True(decision.Allowed);
            remaining[i] = decision.Remaining;
        }
        return remaining;
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
