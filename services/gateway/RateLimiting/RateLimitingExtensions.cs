using CodeTether.ServiceDefaults;
using StackExchange.Redis;

namespace CodeTether.Gateway.RateLimiting;

public static class RateLimitingExtensions
{
    public const string DefaultRedis = "127.0.0.1:6379";

    /// <summary>Per-key token buckets in Redis from <c>ConnectionStrings:Redis</c>, limits per plan from <c>RateLimits</c>.</summary>
    public static IHostApplicationBuilder AddPlanRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<RateLimitOptions>(builder.Configuration.GetSection(RateLimitOptions.Section));
        builder.Services.Configure<RedisOptions>(builder.Configuration.GetSection(RedisOptions.Section));

        var redis = ConfigurationOptions.Parse(builder.Configuration.GetConnectionString("Redis") ?? DefaultRedis);
        // Start without Redis, and fail commands at once while it is away instead of queueing them: the limiter falls back to memory.
        redis.AbortOnConnectFail = false;
        redis.BacklogPolicy = BacklogPolicy.FailFast;
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis));
        builder.Services.AddSingleton<InMemoryTokenBucketLimiter>();
        builder.Services.AddSingleton<RedisTokenBucketLimiter>();
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: [HostingExtensions.ReadyTag]);
        return builder;
    }

    public static IApplicationBuilder UsePlanRateLimits(this IApplicationBuilder app) => app.UseMiddleware<RateLimitMiddleware>();
}
