using System.Net;
using System.Net.Http.Json;

namespace CodeTether.Tests.Integration.Gateway;

/// <summary>A <c>ct_</c> key restricted to some scopes reaches only the routes those scopes open.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ScopeTests(GatewayFixture gateway)
{
    [Theory]
    [InlineData("GET", "/v1/automation/tasks")]
    [InlineData("GET", "/v1/tasks/t1")]
    [InlineData("GET", "/v1/webhooks/deliveries")]
    [InlineData("GET", "/v1/messages")]
    [InlineData("GET", "/v1/automation/me")]
    [InlineData("GET", "/v1/keys")]
    public async Task A_read_only_key_reads(string method, string path)
    {
        var (client, _, _) = await gateway.CreateCallerAsync(scopes: ["tasks:read"]);

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("POST", "/v1/automation/tasks", "tasks:write")]
    [InlineData("DELETE", "/v1/tasks/t1", "tasks:write")]
    [InlineData("PUT", "/v1/ralph/runs/r1", "tasks:write")]
    [InlineData("POST", "/v1/messages", "messages:write")]
    [InlineData("GET", "/v1/codebases", "codebases:read")]
    [InlineData("POST", "/v1/codebases", "codebases:write")]
    [InlineData("POST", "/v1/agents/send", "messages:write")]
    [InlineData("GET", "/v1/models", "agents:read")]
    [InlineData("GET", "/v1/billing/usage", "billing:read")]
    [InlineData("GET", "/v1/cronjobs", "cronjobs:write")]
    [InlineData("POST", "/v1/webhooks/subscriptions", "tasks:write")]
    public async Task A_route_whose_scope_the_key_lacks_is_a_403_naming_the_scope(string method, string path, string scope)
    {
        var (client, _, _) = await gateway.CreateCallerAsync(scopes: ["tasks:read"]);

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "Insufficient scope");
        Assert.Contains($"'{scope}'", problem.GetProperty("detail").GetString());
        Assert.Equal(scope, problem.GetProperty("required_scope").GetString());
        Assert.Contains("insufficient_scope", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Writes_to_a_read_only_family_are_refused_even_with_every_scope()
    {
        var (client, _, _) = await gateway.CreateCallerAsync();

        var response = await client.PostAsync("/v1/agents", JsonContent.Create(new { }));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "Not allowed");
    }
}
