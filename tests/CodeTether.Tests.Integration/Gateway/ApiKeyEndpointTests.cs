using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CodeTether.Gateway.ApiKeys;

namespace CodeTether.Tests.Integration.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class ApiKeyEndpointTests(GatewayFixture gateway)
{
    [Fact]
    public async Task A_created_key_is_shown_once_works_and_is_listed_without_its_secret()
    {
        var (client, _, tenantId) = await gateway.CreateCallerAsync();
        var expiresAt = DateTimeOffset.UtcNow.AddDays(30);

        var response = await client.PostAsJsonAsync("/v1/keys", new { name = "n8n production", scopes = new[] { "tasks:read" }, expires_at = expiresAt });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<CreatedApiKey>(GatewayFixture.GatewayJson))!;
        Assert.Equal($"/v1/keys/{created.Id}", response.Headers.Location?.ToString());
        Assert.True(ApiKeySecret.TryParse(created.ApiKey, out _));
        Assert.Equal(created.ApiKey[..ApiKeySecret.PrefixLength], created.Prefix);
        Assert.Equal(["tasks:read"], created.Scopes);
        Assert.Equal("n8n production", created.Name);

        var me = await gateway.Client(created.ApiKey).GetFromJsonAsync<JsonElement>("/v1/automation/me");
        Assert.Equal(tenantId, me.GetProperty("tenant_id").GetGuid());
        Assert.Equal(created.Id, me.GetProperty("key_id").GetGuid());

        var listBody = await client.GetStringAsync("/v1/keys");
        Assert.DoesNotContain(created.ApiKey, listBody);
        var listed = JsonSerializer.Deserialize<ApiKeyList>(listBody, GatewayFixture.GatewayJson)!.Keys.Single(k => k.Id == created.Id);
        Assert.Equal(created.Prefix, listed.Prefix);
        Assert.Equal(["tasks:read"], listed.Scopes);
        Assert.Equal(expiresAt.ToUnixTimeSeconds(), listed.ExpiresAt?.ToUnixTimeSeconds());
        Assert.NotNull(listed.LastUsedAt);
        var fields = JsonDocument.Parse(listBody).RootElement.GetProperty("keys")[0].EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["id", "prefix", "name", "scopes", "created_at", "last_used_at", "expires_at"], fields);
    }

    [Fact]
    public async Task A_key_created_without_scopes_gets_the_scopes_of_the_key_that_created_it()
    {
        var (client, _, _) = await gateway.CreateCallerAsync(scopes: ["tasks:read", "agents:read"]);

        var created = await (await client.PostAsJsonAsync("/v1/keys", new { name = "inherits" })).Content.ReadFromJsonAsync<CreatedApiKey>(GatewayFixture.GatewayJson);

        Assert.Equal(["tasks:read", "agents:read"], created!.Scopes);
    }

    [Fact]
    public async Task A_key_cannot_create_a_key_with_more_scopes_than_it_has()
    {
        var (client, _, _) = await gateway.CreateCallerAsync(scopes: ["tasks:read"]);

        var response = await client.PostAsJsonAsync("/v1/keys", new { name = "escalation", scopes = new[] { "tasks:read", "billing:read" } });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "Scope not granted");
        Assert.Contains("billing:read", problem.GetProperty("detail").GetString());
        Assert.Single(await ListAsync(client));
    }

    [Theory]
    [InlineData("""{"name":"x","scopes":["tasks:read","tasks:delete"]}""", "scopes", "tasks:delete")]
    [InlineData("""{"name":"x","scopes":[]}""", "scopes", "at least one scope")]
    [InlineData("""{"scopes":["tasks:read"]}""", "name", "required")]
    [InlineData("""{"name":"x","expires_at":"2020-01-01T00:00:00Z"}""", "expires_at", "future")]
    public async Task Invalid_requests_are_validation_problems_and_create_nothing(string body, string field, string detail)
    {
        var (client, _, _) = await gateway.CreateCallerAsync();

        var response = await client.PostAsync("/v1/keys", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(detail, problem.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.Single(await ListAsync(client));
    }

    [Theory]
    [InlineData("""{"name":"x",""")]
    [InlineData("""{"name":"x","scopes":"tasks:read"}""")]
    [InlineData("")]
    public async Task Unreadable_bodies_are_400_problems(string body)
    {
        var (client, _, _) = await gateway.CreateCallerAsync();

        var response = await client.PostAsync("/v1/keys", new StringContent(body, Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "The request could not be read.");
        Assert.Single(await ListAsync(client));
    }

    [Fact]
    public async Task Revoking_removes_the_key_from_the_list_and_is_idempotent()
    {
        var (client, _, _) = await gateway.CreateCallerAsync();
        var created = await (await client.PostAsJsonAsync("/v1/keys", new { name = "short-lived" })).Content.ReadFromJsonAsync<CreatedApiKey>(GatewayFixture.GatewayJson);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/keys/{created!.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/keys/{created.Id}")).StatusCode);

        Assert.DoesNotContain(await ListAsync(client), k => k.Id == created.Id);
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.Client(created.ApiKey).GetAsync("/v1/automation/me")).StatusCode);
    }

    [Fact]
    public async Task Another_tenants_key_can_be_neither_seen_nor_revoked()
    {
        var (alice, aliceKey, _) = await gateway.CreateCallerAsync();
        var (mallory, _, _) = await gateway.CreateCallerAsync();

        var response = await mallory.DeleteAsync($"/v1/keys/{aliceKey.Key.Id}");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "API key not found");
        Assert.DoesNotContain(await ListAsync(mallory), k => k.Id == aliceKey.Key.Id);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/v1/automation/me")).StatusCode);
    }

    private static async Task<IReadOnlyList<ApiKeySummary>> ListAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<ApiKeyList>("/v1/keys", GatewayFixture.GatewayJson))!.Keys;
}
