using System.Globalization;
using CodeTether.Gateway.Tenants;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CodeTether.Gateway.RateLimiting;

/// <summary>
/// One token bucket per API key in Redis, shared by every gateway instance. Refill and take happen in one Lua script,
/// so concurrent requests cannot both spend the last token. If Redis cannot be reached the request is counted by the
/// per-instance <see cref="InMemoryTokenBucketLimiter"/> instead (same limits, but per gateway instance); that is logged
/// once per outage and /health/ready reports Degraded until Redis is back.
/// </summary>
public sealed partial class RedisTokenBucketLimiter(
    IConnectionMultiplexer redis,
    IOptions<RateLimitOptions> options,
    IOptions<RedisOptions> redisOptions,
    InMemoryTokenBucketLimiter fallback,
    TimeProvider clock,
    ILogger<RedisTokenBucketLimiter> logger)
{
    private const string TakeScript = """
        local capacity = tonumber(ARGV[1])
        local period = tonumber(ARGV[2])
        local now = tonumber(ARGV[3])
        local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
        local tokens = tonumber(bucket[1]) or capacity
        local at = tonumber(bucket[2]) or now
        if now > at then
          tokens = math.min(capacity, tokens + (now - at) * capacity / period)
          at = now
        end
        local allowed = 0
        if tokens >= 1 then
          tokens = tokens - 1
          allowed = 1
        end
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
        redis.call('PEXPIRE', KEYS[1], period)
        return { allowed, tostring(tokens) }
        """;

    private int _redisFailing;

    /// <summary>Whether the last request found Redis unreachable (and was limited in memory).</summary>
    public bool IsFallingBack => Volatile.Read(ref _redisFailing) == 1;

    /// <param name="key">The bucket: an API key's id, or <c>oauth:{sub}</c>.</param>
    /// <returns>The decision, or null when the plan is unlimited.</returns>
    public Task<RateLimitDecision?> TryTakeAsync(Guid keyId, Plan plan) => TryTakeAsync(keyId.ToString("N"), plan);

    /// <param name="key">The bucket: an API key's id (32 hex digits), or <c>oauth:{sub}</c>.</param>
    /// <returns>The decision, or null when the plan is unlimited.</returns>
    public async Task<RateLimitDecision?> TryTakeAsync(string key, Plan plan)
    {
        if (options.Value.BucketFor(plan) is not { } bucket)
            return null;

        var now = clock.GetUtcNow();
        try
        {
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
                TakeScript,
                [new RedisKey($"{redisOptions.Value.KeyPrefix}ratelimit:{key}")],
                [bucket.Capacity, (long)TokenBucket.RefillPeriod.TotalMilliseconds, now.ToUnixTimeMilliseconds()]))!;
            if (Interlocked.Exchange(ref _redisFailing, 0) == 1)
                LogRedisBack(logger);
            return bucket.Decide((int)result[0] == 1, double.Parse((string)result[1]!, CultureInfo.InvariantCulture), now);
        }
        catch (Exception e) when (e is RedisException or RedisTimeoutException)
        {
            if (Interlocked.Exchange(ref _redisFailing, 1) == 0)
                LogRedisUnreachable(logger, e);
            return fallback.TryTake(key, plan);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Redis is unreachable: rate limits are enforced per gateway instance, in memory, until it is back")]
    private static partial void LogRedisUnreachable(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Information, "Redis is reachable again: rate limits are shared by every gateway instance again")]
    private static partial void LogRedisBack(ILogger logger);
}
