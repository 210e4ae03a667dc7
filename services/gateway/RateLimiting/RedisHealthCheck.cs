using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace CodeTether.Gateway.RateLimiting;

internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is RedisException or RedisTimeoutException)
        {
            return HealthCheckResult.Degraded("Redis is unreachable: rate limits are enforced per gateway instance, in memory, not shared.", e);
        }
    }
}
