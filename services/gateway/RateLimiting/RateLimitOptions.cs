using CodeTether.Gateway.Tenants;

namespace CodeTether.Gateway.RateLimiting;

/// <summary>Requests per minute per API key for each plan (<c>RateLimits:Free</c>, …); 0 means unlimited.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public int Free { get; set; } = 60;
    public int Pro { get; set; } = 300;
    public int Enterprise { get; set; }

    public TokenBucket? BucketFor(Plan plan) => (plan switch
    {
        Plan.Free => Free,
        Plan.Pro => Pro,
        _ => Enterprise,
    }) is > 0 and var perMinute ? new TokenBucket(perMinute) : null;
}
