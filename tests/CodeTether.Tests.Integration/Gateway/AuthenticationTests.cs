using System.Net;
using System.Net.Http.Headers;
using CodeTether.Gateway.ApiKeys;

namespace CodeTether.Tests.Integration.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class AuthenticationTests(GatewayFixture gateway)
{
    [Theory]
    [InlineData("/v1/automation/tasks")]
    [InlineData("/v1/automation/me")]
    [InlineData("/v1/keys")]
    [InlineData("/v1/no-such-thing")]
    public async Task A_request_without_a_key_is_refused_with_a_problem_that_says_the_key_is_missing(string path)
    {
        var response = await gateway.Client(null).GetAsync(path);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "Missing API key");
        Assert.Contains("Bearer", problem.GetProperty("detail").GetString());
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task An_unknown_key_is_refused()
    {
        var response = await gateway.Client(ApiKeySecret.Generate().Value).GetAsync("/v1/automation/tasks");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "Invalid API key");
        Assert.Equal("The API key is not recognised.", problem.GetProperty("detail").GetString());
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("Bearer not-a-codetether-key")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task A_malformed_authorization_is_refused(string authorization)
    {
        var client = gateway.Client(null);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        var response = await client.GetAsync("/v1/automation/me");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "Invalid API key");
    }

    [Fact]
    public async Task An_expired_key_is_refused()
    {
        var tenant = await gateway.CreateTenantAsync();
        var key = await gateway.CreateKeyAsync(tenant, expiresAt: DateTimeOffset.UtcNow.AddMinutes(-1));

        var response = await gateway.Client(key.Secret.Value).GetAsync("/v1/automation/me");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "Invalid API key");
        Assert.StartsWith("The API key expired", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_revoked_key_stops_working_at_once()
    {
        var (client, key, _) = await gateway.CreateCallerAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/automation/tasks")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/keys/{key.Key.Id}")).StatusCode);

        var response = await client.GetAsync("/v1/automation/tasks");
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "Invalid API key");
        Assert.Equal("The API key has been revoked.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_scheme_name_is_not_case_sensitive()
    {
        var (_, key, _) = await gateway.CreateCallerAsync();
        var client = gateway.Client(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("bearer", key.Secret.Value);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/automation/me")).StatusCode);
    }

    [Fact]
    public async Task Health_checks_need_no_key()
    {
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client(null).GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client(null).GetAsync("/health/ready")).StatusCode);
    }
}
