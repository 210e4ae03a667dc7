using System.Net.Http.Json;
using System.Text.Json;
using CodeTether.Gateway.Tenants;

namespace CodeTether.Tests.Integration.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class AccountEndpointTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Me_tells_the_tenant_the_key_its_scopes_and_the_plans_rate_limit()
    {
        var (client, key, tenantId) = await gateway.CreateCallerAsync(Plan.Free, ["tasks:read", "tasks:write"]);

        var me = await client.GetFromJsonAsync<JsonElement>("/v1/automation/me");

        Assert.Equal(tenantId, me.GetProperty("tenant_id").GetGuid());
        Assert.Equal("Acme", me.GetProperty("tenant_name").GetString());
        Assert.Equal("free", me.GetProperty("plan").GetString());
        Assert.Equal(key.Key.Id, me.GetProperty("key_id").GetGuid());
        Assert.Equal("test key", me.GetProperty("key_name").GetString());
        Assert.Equal(key.Secret.Prefix, me.GetProperty("key_prefix").GetString());
        Assert.Equal(["tasks:read", "tasks:write"], me.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(GatewayFixture.FreeRequestsPerMinute, me.GetProperty("rate_limit").GetProperty("requests_per_minute").GetInt32());
    }

    [Fact]
    public async Task An_enterprise_tenant_has_no_rate_limit()
    {
        var (client, _, _) = await gateway.CreateCallerAsync(Plan.Enterprise);

        var me = await client.GetFromJsonAsync<JsonElement>("/v1/automation/me");

        Assert.Equal(JsonValueKind.Null, me.GetProperty("rate_limit").GetProperty("requests_per_minute").ValueKind);
    }
}
