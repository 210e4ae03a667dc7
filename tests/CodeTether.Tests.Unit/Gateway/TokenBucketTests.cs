using CodeTether.Gateway.RateLimiting;
using CodeTether.Gateway.Tenants;
using Microsoft.AspNetCore.Http;

namespace CodeTether.Tests.Unit.Gateway;

public sealed class TokenBucketTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-02-10T12:00:00Z");

    [Fact]
    public void A_bucket_refills_its_whole_capacity_over_one_minute()
    {
        var bucket = new TokenBucket(60);

        Assert.Equal(60, bucket.Capacity);
        Assert.Equal(TimeSpan.FromSeconds(1), bucket.TimeToRefill(1));
        Assert.Equal(TimeSpan.FromMinutes(1), bucket.TimeToRefill(60));
        Assert.Equal(TimeSpan.FromSeconds(0.2), new TokenBucket(300).TimeToRefill(1));
    }

    [Fact]
    public void After_an_allowed_request_the_caller_sees_the_whole_tokens_left_and_when_the_bucket_is_full_again()
    {
        var decision = new TokenBucket(60).Decide(allowed: true, tokensLeft: 54.5, Now);

        Assert.True(decision.Allowed);
        Assert.Equal(60, decision.Limit);
        Assert.Equal(54, decision.Remaining);
        Assert.Equal(Now.AddSeconds(5.5), decision.ResetAt);
        Assert.Equal(Now.AddSeconds(6).ToUnixTimeSeconds(), decision.ResetUnixSeconds);
        Assert.Equal(TimeSpan.Zero, decision.RetryAfter);
    }

    [Fact]
    public void A_refused_caller_is_told_to_come_back_when_the_next_whole_token_is_in()
    {
        var decision = new TokenBucket(60).Decide(allowed: false, tokensLeft: 0.25, Now);

        Assert.False(decision.Allowed);
        Assert.Equal(0, decision.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(0.75), decision.RetryAfter);
        Assert.Equal(1, decision.RetryAfterSeconds);
        Assert.Equal(Now.AddSeconds(59.75), decision.ResetAt);
    }

    [Fact]
    public void Headers_are_the_documented_ones_and_retry_after_only_when_refused()
    {
        var allowed = new HeaderDictionary();
        new TokenBucket(60).Decide(true, 55, Now).WriteHeaders(allowed);
        var refused = new HeaderDictionary();
        new TokenBucket(60).Decide(false, 0, Now).WriteHeaders(refused);

        Assert.Equal("60", allowed["X-RateLimit-Limit"]);
        Assert.Equal("55", allowed["X-RateLimit-Remaining"]);
        Assert.Equal(Now.AddSeconds(5).ToUnixTimeSeconds().ToString(), allowed["X-RateLimit-Reset"]);
        Assert.False(allowed.ContainsKey("Retry-After"));
        Assert.Equal("1", refused["Retry-After"]);
        Assert.Equal(Now.AddMinutes(1).ToUnixTimeSeconds().ToString(), refused["X-RateLimit-Reset"]);
    }

    [Fact]
    public void The_documented_plans_get_60_300_and_no_limit()
    {
        var limits = new RateLimitOptions();

        Assert.Equal(60, limits.BucketFor(Plan.Free)?.RequestsPerMinute);
        Assert.Equal(300, limits.BucketFor(Plan.Pro)?.RequestsPerMinute);
        Assert.Null(limits.BucketFor(Plan.Enterprise));
        Assert.Null(new RateLimitOptions { Free = 0 }.BucketFor(Plan.Free));
    }
}
