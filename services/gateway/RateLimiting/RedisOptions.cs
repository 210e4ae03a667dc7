namespace CodeTether.Gateway.RateLimiting;

/// <summary><c>Redis:KeyPrefix</c>: every key the gateway writes starts with it, so several deployments (or test runs) can share one Redis.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    public string KeyPrefix { get; set; } = "ct:";
}
