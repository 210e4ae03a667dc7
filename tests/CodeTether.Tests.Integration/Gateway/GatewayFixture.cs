using System.Net.Http.Headers;
using System.Text.Json;
using CodeTether.Gateway.ApiKeys;
using CodeTether.Gateway.Data;
using CodeTether.Gateway.Tenants;
using CodeTether.ServiceDefaults;
using CodeTether.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CodeTether.Tests.Integration.Gateway;

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}

/// <summary>
/// One gateway for the collection, on its own database and Redis prefix, in front of five fake services.
/// Free keys get <see cref="FreeRequestsPerMinute"/> so that the limit is reached quickly; pro keys have room to spare.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public const string SigningKey = "integration-tests-signing-key-0123456789abcdef";
    public const int FreeRequestsPerMinute = 5;

    public static readonly JsonSerializerOptions GatewayJson = CreateGatewayJson();

    private readonly Dictionary<string, FakeService> _services = [];

    public IsolatedDatabase Database { get; private set; } = null!;
    public string RedisKeyPrefix { get; } = TestInfrastructure.RedisKeyPrefix("gateway");
    public GatewayApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestInfrastructure.CreateDatabaseAsync("gateway");
        foreach (var service in new[] { "Tasks", "Workers", "Webhooks", "Scheduler", "Billing" })
            _services[service] = await FakeService.StartAsync(service, SigningKey);
        App = new GatewayApp(Settings());
    }

    /// <summary>The gateway's settings for this fixture; a test that needs a different gateway overrides some of them.</summary>
    public Dictionary<string, string> Settings() => new()
    {
        ["ConnectionStrings:Postgres"] = Database.ConnectionString,
        ["ConnectionStrings:Redis"] = TestInfrastructure.Redis,
        ["Redis:KeyPrefix"] = RedisKeyPrefix,
        [GatewayIdentity.SigningKeySetting] = SigningKey,
        ["RateLimits:Free"] = FreeRequestsPerMinute.ToString(),
        ["RateLimits:Pro"] = "1000",
        ["RateLimits:Enterprise"] = "0",
        ["Services:Tasks"] = _services["Tasks"].Address,
        ["Services:Workers"] = _services["Workers"].Address,
        ["Services:Webhooks"] = _services["Webhooks"].Address,
        ["Services:Scheduler"] = _services["Scheduler"].Address,
        ["Services:Billing"] = _services["Billing"].Address,
    };

    public async Task<Guid> CreateTenantAsync(Plan plan = Plan.Pro, string name = "Acme")
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var tenant = new Tenant { Id = Guid.NewGuid(), Name = name, Plan = plan, CreatedAt = DateTimeOffset.UtcNow };
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync();
        return tenant.Id;
    }

    public async Task<IssuedApiKey> CreateKeyAsync(Guid tenantId, IEnumerable<string>? scopes = null, DateTimeOffset? expiresAt = null)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApiKeyIssuer>()
            .IssueAsync(tenantId, "test key", scopes ?? Scopes.All, expiresAt, CancellationToken.None);
    }

    /// <summary>A new tenant on <paramref name="plan"/> and a client that calls with its key.</summary>
    public async Task<(HttpClient Client, IssuedApiKey Key, Guid TenantId)> CreateCallerAsync(Plan plan = Plan.Pro, IEnumerable<string>? scopes = null)
    {
        var tenantId = await CreateTenantAsync(plan);
        var key = await CreateKeyAsync(tenantId, scopes);
        return (Client(key.Secret.Value), key, tenantId);
    }

    public HttpClient Client(string? apiKey)
    {
        var client = App.CreateClient();
        if (apiKey is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        foreach (var service in _services.Values)
            await service.DisposeAsync();
        await Database.DisposeAsync();
    }

    private static JsonSerializerOptions CreateGatewayJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        HostingExtensions.ConfigureJson(options);
        return options;
    }
}
