using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using CodeTether.Gateway.Tenants;
using CodeTether.Testing;
using Microsoft.IdentityModel.Tokens;

namespace CodeTether.Tests.Integration.Gateway;

/// <summary>
/// The gateway with OAuth configured against a <see cref="FakeIdentityProvider"/> (discovery and JWKS over plain
/// HTTP on loopback), in front of the collection's fake services and on its database.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class OAuthTests(GatewayFixture gateway) : IAsyncLifetime
{
    private FakeIdentityProvider _idp = null!;
    private GatewayApp _app = null!;

    public async Task InitializeAsync()
    {
        _idp = await FakeIdentityProvider.StartAsync();
        var settings = gateway.Settings();
        foreach (var (key, value) in _idp.GatewaySettings())
            settings[key] = value;
        _app = new GatewayApp(settings);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _idp.DisposeAsync();
    }

    [Fact]
    public async Task A_good_token_reaches_the_service_with_the_tenant_the_subject_and_the_scopes()
    {
        var tenantId = await gateway.CreateTenantAsync(Plan.Pro);
        var token = _idp.CreateToken("user-42", tenantId, "openid profile tasks:read tasks:write");

        var response = await Client(token).GetAsync("/v1/automation/tasks/a1b2c3d4");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echoed = (await response.Content.ReadFromJsonAsync<EchoedRequest>())!;
        Assert.Equal("Tasks", echoed.Service);
        Assert.Equal(tenantId, echoed.Caller.TenantId);
        Assert.Equal("user-42", echoed.Caller.Subject);
        Assert.Equal("pro", echoed.Caller.Plan);
        Assert.Equal(["tasks:read", "tasks:write"], echoed.Caller.Scopes);
        Assert.False(echoed.Headers.ContainsKey("Authorization"));
        Assert.DoesNotContain(token, string.Join("\n", echoed.Headers.Values));
    }

    [Fact]
    public async Task Me_tells_an_oauth_caller_who_it_is()
    {
        var tenantId = await gateway.CreateTenantAsync(Plan.Free, "Zapier user's tenant");
        var token = _idp.CreateToken("user-7", tenantId, "tasks:read");

        var me = await Client(token).GetFromJsonAsync<JsonElement>("/v1/automation/me");

        Assert.Equal(tenantId, me.GetProperty("tenant_id").GetGuid());
        Assert.Equal("oauth", me.GetProperty("auth").GetString());
        Assert.Equal("user-7", me.GetProperty("subject").GetString());
        Assert.Equal("free", me.GetProperty("plan").GetString());
        Assert.Equal(JsonValueKind.Null, me.GetProperty("key_id").ValueKind);
        Assert.Equal(["tasks:read"], me.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Scopes_in_keycloaks_array_form_are_accepted()
    {
        var tenantId = await gateway.CreateTenantAsync();
        var token = _idp.CreateToken("user-1", tenantId, new[] { "agents:read", "billing:read" });

        var echoed = await Client(token).GetFromJsonAsync<EchoedRequest>("/v1/agents");

        Assert.Equal(["agents:read", "billing:read"], echoed!.Caller.Scopes);
    }

    [Fact]
    public async Task Api_keys_still_work_beside_oauth()
    {
        var tenantId = await gateway.CreateTenantAsync();
        var key = await gateway.CreateKeyAsync(tenantId);

        Assert.Equal(HttpStatusCode.OK, (await Client(key.Secret.Value).GetAsync("/v1/automation/me")).StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var token = _idp.CreateToken("user-1", await gateway.CreateTenantAsync(), "tasks:read", expires: DateTime.UtcNow.AddMinutes(-2));

        await AssertRefusedAsync(token, "expired");
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused()
    {
        var token = _idp.CreateToken("user-1", await gateway.CreateTenantAsync(), "tasks:read", audience: "some-other-api");

        await AssertRefusedAsync(token, "audience");
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused()
    {
        var token = _idp.CreateToken("user-1", await gateway.CreateTenantAsync(), "tasks:read", issuer: "https://evil.example.com/realms/test");

        await AssertRefusedAsync(token, "issuer");
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        // Same key id as the realm's, so only the signature itself can give it away.
        var forger = new RsaSecurityKey(RSA.Create(2048)) { KeyId = _idp.SigningKey.KeyId };
        var token = _idp.CreateToken("user-1", await gateway.CreateTenantAsync(), "tasks:read", signingKey: forger);

        await AssertRefusedAsync(token, "signature");
    }

    [Fact]
    public async Task A_token_without_a_tenant_claim_is_refused_saying_so()
    {
        var token = _idp.CreateToken("user-1", tenantId: null, "tasks:read");

        await AssertRefusedAsync(token, "tenant_id");
    }

    [Fact]
    public async Task A_token_for_an_unknown_tenant_is_refused()
    {
        var tenantId = Guid.NewGuid();
        var token = _idp.CreateToken("user-1", tenantId, "tasks:read");

        await AssertRefusedAsync(token, tenantId.ToString());
    }

    [Fact]
    public async Task A_missing_scope_is_a_403_naming_it()
    {
        var token = _idp.CreateToken("user-1", await gateway.CreateTenantAsync(), "tasks:read");

        var response = await Client(token).PostAsync("/v1/automation/tasks", JsonContent.Create(new { title = "x" }));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "Insufficient scope");
        Assert.Contains("tasks:write", problem.GetProperty("detail").GetString());
        Assert.Equal("tasks:write", problem.GetProperty("required_scope").GetString());
    }

    [Fact]
    public async Task Oauth_callers_are_rate_limited_per_subject()
    {
        var tenantId = await gateway.CreateTenantAsync(Plan.Free);
        var first = Client(_idp.CreateToken("user-a", tenantId, "tasks:read"));
        var second = Client(_idp.CreateToken("user-b", tenantId, "tasks:read"));
        for (var i = 0; i < GatewayFixture.FreeRequestsPerMinute; i++)
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/v1/automation/tasks")).StatusCode);

        // A new token of the same subject shares its bucket; another subject of the same tenant has its own.
        var again = await Client(_idp.CreateToken("user-a", tenantId, "tasks:read")).GetAsync("/v1/automation/tasks");
        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.TooManyRequests, "Too many requests");
        var other = await second.GetAsync("/v1/automation/tasks");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal((GatewayFixture.FreeRequestsPerMinute - 1).ToString(), other.Headers.GetValues("X-RateLimit-Remaining").Single());
    }

    [Fact]
    public async Task Without_oauth_configured_a_jwt_is_an_invalid_api_key()
    {
        var token = _idp.CreateToken("user-1", await gateway.CreateTenantAsync(), "tasks:read");

        var response = await gateway.Client(token).GetAsync("/v1/automation/me");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "Invalid API key");
    }

    private async Task AssertRefusedAsync(string token, string detailMentions)
    {
        var response = await Client(token).GetAsync("/v1/automation/tasks");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "Invalid access token");
        Assert.Contains(detailMentions, problem.GetProperty("detail").GetString());
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.False(response.Headers.Contains("X-RateLimit-Limit"));
    }

    private HttpClient Client(string token)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
