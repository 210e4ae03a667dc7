using System.Net;
using CodeTether.Gateway.Tenants;

namespace CodeTether.Tests.Integration.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class RedisUnavailableTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Without_Redis_requests_go_through_unlimited_and_the_gateway_is_not_ready()
    {
        var settings = gateway.Settings();
        settings["ConnectionStrings:Redis"] = "127.0.0.1:1,connectTimeout=500";
        await using var withoutRedis = new GatewayApp(settings);
        var key = await gateway.CreateKeyAsync(await gateway.CreateTenantAsync(Plan.Free));
        var client = withoutRedis.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", key.Secret.Value);

        for (var i = 0; i < GatewayFixture.FreeRequestsPerMinute * 2; i++)
        {
            var response = await client.GetAsync("/v1/automation/tasks");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("X-RateLimit-Limit"));
        }
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }
}
