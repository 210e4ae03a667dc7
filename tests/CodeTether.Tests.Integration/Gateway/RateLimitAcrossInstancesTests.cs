using System.Net;
using System.Net.Http.Headers;
using CodeTether.Gateway.Tenants;

namespace CodeTether.Tests.Integration.Gateway;

/// <summary>
/// Two gateway instances on the same database and Redis prefix share each key's bucket exactly. Both run on one frozen
/// clock: with a real one the bucket rightly regains a token every second (60/min), so "exactly 60" only holds for
/// requests within the same instant.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class RateLimitAcrossInstancesTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Sixty_one_requests_from_a_fresh_free_key_over_two_gateways_let_exactly_sixty_through()
    {
        var settings = gateway.Settings();
        settings["RateLimits:Free"] = "60";
        var clock = new FrozenClock(DateTimeOffset.UtcNow);
        await using var first = new GatewayApp(settings, clock);
        await using var second = new GatewayApp(settings, clock);
        var key = await gateway.CreateKeyAsync(await gateway.CreateTenantAsync(Plan.Free));
        var clients = new[] { first.CreateClient(), second.CreateClient() };
        foreach (var client in clients)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Secret.Value);
        // Start both hosts before the burst, so that it is not spread over their start-up.
        await Task.WhenAll(clients.Select(c => c.GetAsync("/health/ready")));

        var responses = await Task.WhenAll(Enumerable.Range(0, 61).Select(i => clients[i % 2].GetAsync("/v1/automation/tasks")));

        Assert.Equal("OK: 60, TooManyRequests: 1", string.Join(", ", responses.GroupBy(r => r.StatusCode).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}")));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.All(responses, r => Assert.Equal("60", r.Headers.GetValues("X-RateLimit-Limit").Single()));
    }

    private sealed class FrozenClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
