using System.Net;
using CodeTether.Gateway.Tenants;

namespace CodeTether.Tests.Integration.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class RedisUnavailableTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Without_Redis_the_plan_limits_hold_per_instance_in_memory_and_the_gateway_is_degraded()
    {
        var settings = gateway.Settings();
        settings["ConnectionStrings:Redis"] = "127.0.0.1:1,connectTimeout=500";
        await using var withoutRedis = new GatewayApp(settings);
        var key = await gateway.CreateKeyAsync(await gateway.CreateTenantAsync(Plan.Free));
        var client = withoutRedis.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", key.Secret.Value);

        for (var remaining = GatewayFixture.FreeRequestsPerMinute - 1; remaining >= 0; remaining--)
        {
            var response = await client.GetAsync("/v1/automation/tasks");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(remaining.ToString(), response.Headers.GetValues("X-RateLimit-Remaining").Single());
        }
        var refused = await client.GetAsync("/v1/automation/tasks");
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests, "Too many requests");
        Assert.NotNull(refused.Headers.RetryAfter);

        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }
}
