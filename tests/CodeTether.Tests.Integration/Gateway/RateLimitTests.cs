using System.Net;
using CodeTether.Gateway.Tenants;
using CodeTether.Testing;

namespace CodeTether.Tests.Integration.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class RateLimitTests(GatewayFixture gateway)
{
    [Fact]
    public async Task A_free_key_gets_its_plans_requests_then_429_with_retry_after()
    {
        var (client, _, _) = await gateway.CreateCallerAsync(Plan.Free);
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        for (var remaining = GatewayFixture.FreeRequestsPerMinute - 1; remaining >= 0; remaining--)
        {
            var allowed = await client.GetAsync("/v1/automation/tasks");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Equal(GatewayFixture.FreeRequestsPerMinute.ToString(), Header(allowed, "X-RateLimit-Limit"));
            Assert.Equal(remaining.ToString(), Header(allowed, "X-RateLimit-Remaining"));
            Assert.InRange(long.Parse(Header(allowed, "X-RateLimit-Reset")), before, before + 61);
        }

        var refused = await client.GetAsync("/v1/automation/tasks");

        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests, "Too many requests");
        Assert.Contains($"{GatewayFixture.FreeRequestsPerMinute} requests per minute", problem.GetProperty("detail").GetString());
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60 / GatewayFixture.FreeRequestsPerMinute);
        Assert.Equal("0", Header(refused, "X-RateLimit-Remaining"));
        Assert.Equal(GatewayFixture.FreeRequestsPerMinute.ToString(), Header(refused, "X-RateLimit-Limit"));
    }

    [Fact]
    public async Task Each_refusal_is_counted_by_plan_and_caller_kind_and_allowed_requests_are_not()
    {
        using var metrics = new MetricRecorder(gateway.App.Services, "codetether.gateway.rate_limited");
        var (client, _, _) = await gateway.CreateCallerAsync(Plan.Free);
        for (var i = 0; i < GatewayFixture.FreeRequestsPerMinute; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/automation/me")).StatusCode);
        Assert.Empty(metrics.Of("codetether.gateway.rate_limited"));

        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/v1/automation/me")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/v1/automation/tasks")).StatusCode);

        var refusals = metrics.Of("codetether.gateway.rate_limited");
        Assert.Equal(2, refusals.Count);
        Assert.All(refusals, r => Assert.Equal((1.0, "free", "api_key"), (r.Value, r.Tag("plan"), r.Tag("caller"))));
    }

    [Fact]
    public async Task Each_key_has_its_own_bucket()
    {
        var tenant = await gateway.CreateTenantAsync(Plan.Free);
        var first = gateway.Client((await gateway.CreateKeyAsync(tenant)).Secret.Value);
        var second = gateway.Client((await gateway.CreateKeyAsync(tenant)).Secret.Value);
        for (var i = 0; i < GatewayFixture.FreeRequestsPerMinute; i++)
            await first.GetAsync("/v1/automation/me");

        Assert.Equal(HttpStatusCode.TooManyRequests, (await first.GetAsync("/v1/automation/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/v1/automation/me")).StatusCode);
    }

    [Fact]
    public async Task Gateway_endpoints_carry_the_headers_too()
    {
        var (client, _, _) = await gateway.CreateCallerAsync(Plan.Pro);

        var response = await client.GetAsync("/v1/keys");

        Assert.Equal("1000", Header(response, "X-RateLimit-Limit"));
        Assert.Equal("999", Header(response, "X-RateLimit-Remaining"));
    }

    [Fact]
    public async Task Error_answers_carry_the_headers_whether_from_a_service_or_the_gateway()
    {
        var (client, _, _) = await gateway.CreateCallerAsync(Plan.Pro, ["tasks:read"]);
        var fromService = new HttpRequestMessage(HttpMethod.Get, "/v1/automation/tasks/missing");
        fromService.Headers.Add(FakeService.StatusHeader, "404");

        var responses = new[]
        {
            await client.SendAsync(fromService),
            await client.GetAsync("/v1/no-such-thing"),
            await client.PostAsync("/v1/keys", new StringContent("{}", System.Text.Encoding.UTF8, "application/json")),
            await client.PostAsync("/v1/automation/tasks", new StringContent("{}", System.Text.Encoding.UTF8, "application/json")),
            await client.PostAsync("/v1/keys", new ByteArrayContent(new byte[1024 * 1024 + 1])),
        };

        Assert.Equal(
            [HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.Forbidden, HttpStatusCode.RequestEntityTooLarge],
            responses.Select(r => r.StatusCode));
        Assert.All(responses, r => Assert.InRange(int.Parse(Header(r, "X-RateLimit-Remaining")), 990, 999));
        Assert.All(responses, r => Assert.Single(r.Headers.GetValues("X-RateLimit-Reset")));
        Assert.All(responses, r => Assert.Equal("1000", Header(r, "X-RateLimit-Limit")));
    }

    [Fact]
    public async Task Health_checks_are_not_counted_even_with_a_key()
    {
        var (client, _, _) = await gateway.CreateCallerAsync(Plan.Free);
        for (var i = 0; i < GatewayFixture.FreeRequestsPerMinute + 1; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/automation/me")).StatusCode);
    }

    [Fact]
    public async Task An_enterprise_key_is_not_limited()
    {
        var (client, _, _) = await gateway.CreateCallerAsync(Plan.Enterprise);

        for (var i = 0; i < GatewayFixture.FreeRequestsPerMinute * 2; i++)
        {
            var response = await client.GetAsync("/v1/automation/tasks");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("X-RateLimit-Limit"));
        }
    }

    [Fact]
    public async Task Refused_authentication_is_not_counted_and_carries_no_rate_limit_headers()
    {
        var response = await gateway.Client(null).GetAsync("/v1/automation/tasks");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("X-RateLimit-Limit"));
    }

    private static string Header(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();
}
