using System.Net;
using System.Net.Http.Json;
using System.Text;
using CodeTether.Gateway.Tenants;
using CodeTether.ServiceDefaults;

namespace CodeTether.Tests.Integration.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class ForwardingTests(GatewayFixture gateway)
{
    [Theory]
    [InlineData("/v1/automation/tasks", "Tasks")]
    [InlineData("/v1/automation/tasks/a1b2c3d4", "Tasks")]
    [InlineData("/v1/tasks/x/cancel", "Tasks")]
    [InlineData("/v1/messages", "Tasks")]
    [InlineData("/v1/ralph/runs/r1", "Tasks")]
    [InlineData("/v1/prd/chat", "Tasks")]
    [InlineData("/v1/agents", "Workers")]
    [InlineData("/v1/agents/send", "Tasks")]
    [InlineData("/v1/agents/codetether-worker", "Workers")]
    [InlineData("/v1/models", "Workers")]
    [InlineData("/v1/codebases/c1", "Workers")]
    [InlineData("/v1/webhooks/deliveries", "Webhooks")]
    [InlineData("/v1/cronjobs", "Scheduler")]
    [InlineData("/v1/billing/usage", "Billing")]
    public async Task Each_public_path_reaches_the_service_that_owns_it(string path, string service)
    {
        var (client, _, _) = await gateway.CreateCallerAsync();

        var echoed = await client.GetFromJsonAsync<EchoedRequest>(path);

        Assert.Equal(service, echoed!.Service);
        Assert.Equal(path, echoed.Path);
    }

    [Fact]
    public async Task The_service_gets_a_valid_identity_and_neither_the_api_key_nor_headers_the_client_made_up()
    {
        var (client, key, tenantId) = await gateway.CreateCallerAsync(Plan.Pro, ["tasks:read", "tasks:write"]);
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/automation/tasks?status=queued")
        {
            Content = new StringContent("""{"title":"Analyze customer feedback"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(GatewayIdentity.HeaderName, "forged.token.value");
        request.Headers.Add("X-CodeTether-Tenant", Guid.NewGuid().ToString());
        request.Headers.Add("Idempotency-Key", "my-unique-key-123");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echoed = (await response.Content.ReadFromJsonAsync<EchoedRequest>())!;
        Assert.Equal(tenantId, echoed.Caller.TenantId);
        Assert.Equal(key.Key.Id.ToString(), echoed.Caller.Subject);
        Assert.Equal("pro", echoed.Caller.Plan);
        Assert.Equal(["tasks:read", "tasks:write"], echoed.Caller.Scopes);
        Assert.Equal("POST", echoed.Method);
        Assert.Equal("?status=queued", echoed.Query);
        Assert.Equal("my-unique-key-123", echoed.Headers["Idempotency-Key"]);
        Assert.False(echoed.Headers.ContainsKey("Authorization"));
        Assert.False(echoed.Headers.ContainsKey("X-CodeTether-Tenant"));
        Assert.NotEqual("forged.token.value", echoed.Headers[GatewayIdentity.HeaderName]);
        Assert.DoesNotContain(key.Secret.Value, string.Join("\n", echoed.Headers.Values));
    }

    [Fact]
    public async Task Services_refuse_a_forged_identity_so_only_the_gateways_counts()
    {
        using var direct = new HttpClient { BaseAddress = new Uri(gateway.Settings()["Services:Tasks"]) };
        direct.DefaultRequestHeaders.Add(GatewayIdentity.HeaderName, "forged.token.value");

        Assert.Equal(HttpStatusCode.Unauthorized, (await direct.GetAsync("/v1/automation/tasks")).StatusCode);
    }

    [Fact]
    public async Task A_request_id_is_made_when_missing_forwarded_and_returned()
    {
        var (client, _, _) = await gateway.CreateCallerAsync();

        var response = await client.GetAsync("/v1/automation/tasks");

        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        Assert.Matches("^[0-9a-f]{32}$", requestId);
        var echoed = (await response.Content.ReadFromJsonAsync<EchoedRequest>())!;
        Assert.Equal(requestId, echoed.Header("X-Request-Id"));
    }

    [Fact]
    public async Task The_clients_request_id_and_trace_pass_through()
    {
        var (client, _, _) = await gateway.CreateCallerAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/automation/tasks");
        request.Headers.Add("X-Request-Id", "zap-run-123");
        request.Headers.Add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        var response = await client.SendAsync(request);

        Assert.Equal("zap-run-123", response.Headers.GetValues("X-Request-Id").Single());
        var echoed = (await response.Content.ReadFromJsonAsync<EchoedRequest>())!;
        Assert.Equal("zap-run-123", echoed.Header("X-Request-Id"));
        // Same trace; the parent span is the gateway's own where the gateway records one.
        Assert.StartsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-", echoed.Header("traceparent"));
    }

    [Fact]
    public async Task Refusals_carry_a_request_id_too()
    {
        var response = await gateway.Client(null).GetAsync("/v1/automation/tasks");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single(response.Headers.GetValues("X-Request-Id"));
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_a_413_problem_and_one_at_the_limit_is_forwarded()
    {
        var (client, _, _) = await gateway.CreateCallerAsync();

        var tooLarge = await client.PostAsync("/v1/automation/tasks", new ByteArrayContent(new byte[1024 * 1024 + 1]));
        var atLimit = await client.PostAsync("/v1/automation/tasks", new ByteArrayContent(new byte[1024 * 1024]));

        var problem = await ProblemAssert.IsProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge, "Request body too large");
        Assert.Contains("1048576", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
    }

    [Theory]
    [InlineData("/v1/no-such-thing")]
    [InlineData("/v1/automation/something-else")]
    [InlineData("/v1/keys/not-a-guid")]
    public async Task An_unknown_v1_path_is_a_404_problem(string path)
    {
        var (client, _, _) = await gateway.CreateCallerAsync();

        var response = await client.GetAsync(path);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "Not found");
        Assert.Contains(path, problem.GetProperty("detail").GetString());
    }
}
