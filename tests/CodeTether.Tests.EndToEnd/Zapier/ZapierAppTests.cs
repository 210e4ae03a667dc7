using System.Net.Http.Json;
using CodeTether.Testing;
using Xunit.Abstractions;

namespace CodeTether.Tests.EndToEnd.Zapier;

/// <summary>The app's definition against Zapier's schema and the Zapier document's tables (no platform needed).</summary>
public class ZapierSchemaTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_app_passes_Zapier_schema_validation_and_has_the_documents_components_and_fields()
    {
        var run = await ZapierApp.RunAsync("test:schema", output: output);
        run.AssertAllPassed(atLeast: 40);
        Assert.Contains("passes Zapier schema validation", run.Result.Error + run.Result.Output);
    }
}

/// <summary>
/// Every trigger, action and search of the Zapier app, run by Zapier's app tester (zapier.createAppTester) against the
/// platform through the gateway, signed in with the app's OAuth2 flow against the platform's realm as a user of a
/// fresh tenant (integrations/zapier/test/e2e).
/// </summary>
[Collection(PlatformCollection.Name)]
public class ZapierAppTests(PlatformFixture fixture, ITestOutputHelper output)
{
    private const decimal SpendingLimit = 500m;
    private Platform Platform => fixture.Platform;

    /// <summary>A fresh tenant with a spending limit, its user signed in to the realm, and the suite's environment.</summary>
    private async Task<Dictionary<string, string>> ConnectionAsync()
    {
        var (tenantId, client) = await Platform.CreateTenantAsync();
        using (client)
        {
            using var limit = await client.PutAsJsonAsync("/v1/billing/limits", new { spending_limit = SpendingLimit });
            Assert.True(limit.IsSuccessStatusCode, await limit.Content.ReadAsStringAsync());
        }
        var user = $"zap-{tenantId:N}"[..16];
        Platform.Realm.SignedInUser = new RealmUser(user, $"{user}@example.com", tenantId);
        return new Dictionary<string, string>
        {
            ["CODETETHER_API_URL"] = Platform.GatewayUrl.ToString().TrimEnd('/'),
            ["CODETETHER_REALM_URL"] = Platform.Realm.Issuer,
            ["CLIENT_ID"] = FakeIdentityProvider.ClientId,
            ["CLIENT_SECRET"] = FakeIdentityProvider.ClientSecret,
            ["CODETETHER_CODEBASE_ID"] = Platform.CodebaseId,
            ["CODETETHER_SPENDING_LIMIT"] = SpendingLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // An access token of the same user that expired ten minutes ago (beyond the gateway's 30 s clock skew).
            ["CODETETHER_EXPIRED_ACCESS_TOKEN"] = Platform.Realm.CreateToken(user, tenantId, "tasks:read tasks:write", DateTime.UtcNow.AddMinutes(-10),
                email: $"{user}@example.com"),
        };
    }

    [Fact]
    public async Task Every_trigger_action_and_search_works_against_the_platform_with_an_oauth_connection()
    {
        var run = await ZapierApp.RunAsync("test", await ConnectionAsync(), output);
        run.AssertAllPassed(atLeast: 70);
        var report = run.Result.Error + run.Result.Output;
        foreach (var suite in new[] { "authentication", "triggers", "creates", "searches" })
            Assert.Contains($"PASS test/e2e/{suite}.test.js", report);
    }

    [Fact]
    public async Task The_Ralph_actions_and_searches_work_against_the_platform()
    {
        var run = await ZapierApp.RunAsync("test:ralph", await ConnectionAsync(), output);
        run.AssertAllPassed(atLeast: 3);
    }
}
