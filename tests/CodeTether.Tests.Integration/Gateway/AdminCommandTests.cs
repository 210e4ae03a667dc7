using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using CodeTether.Testing;

namespace CodeTether.Tests.Integration.Gateway;

/// <summary>The operator commands, run as the platform's scripts run them: the gateway executable, as a process, on a fresh database.</summary>
[Collection(GatewayCollection.Name)]
public sealed class AdminCommandTests(GatewayFixture gateway) : IAsyncLifetime
{
    private IsolatedDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestInfrastructure.CreateDatabaseAsync("gateway_admin");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Commands_create_a_tenant_and_a_working_key_and_change_the_plan()
    {
        var tenant = await AdminAsync("tenant", "create", "--name", "Acme Corp", "--plan", "pro");
        Assert.Equal(0, tenant.ExitCode);
        var tenantJson = JsonDocument.Parse(tenant.Output).RootElement;
        Assert.Equal(["tenant_id", "name", "plan"], tenantJson.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Acme Corp", tenantJson.GetProperty("name").GetString());
        Assert.Equal("pro", tenantJson.GetProperty("plan").GetString());
        var tenantId = tenantJson.GetProperty("tenant_id").GetString()!;

        var key = await AdminAsync("key", "create", "--tenant", tenantId, "--name", "start script", "--scopes", "tasks:read tasks:write");
        Assert.Equal(0, key.ExitCode);
        var keyJson = JsonDocument.Parse(key.Output).RootElement;
        Assert.Equal(["key_id", "api_key", "prefix"], keyJson.EnumerateObject().Select(p => p.Name));
        var apiKey = keyJson.GetProperty("api_key").GetString()!;
        Assert.StartsWith("ct_", apiKey);
        Assert.Equal(apiKey[..12], keyJson.GetProperty("prefix").GetString());

        var plan = await AdminAsync("tenant", "plan", "--tenant", tenantId, "--plan", "enterprise");
        Assert.Equal(0, plan.ExitCode);

        var settings = gateway.Settings();
        settings["ConnectionStrings:Postgres"] = _database.ConnectionString;
        await using var app = new GatewayApp(settings);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        var me = await client.GetFromJsonAsync<JsonElement>("/v1/automation/me");
        Assert.Equal(tenantId, me.GetProperty("tenant_id").GetString());
        Assert.Equal("enterprise", me.GetProperty("plan").GetString());
        Assert.Equal(keyJson.GetProperty("key_id").GetString(), me.GetProperty("key_id").GetString());
        Assert.Equal(["tasks:read", "tasks:write"], me.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task A_tenant_is_free_and_a_key_has_every_scope_unless_told_otherwise()
    {
        var tenant = JsonDocument.Parse((await AdminAsync("tenant", "create", "--name", "Defaults")).Output).RootElement;
        Assert.Equal("free", tenant.GetProperty("plan").GetString());

        var key = await AdminAsync("key", "create", "--tenant", tenant.GetProperty("tenant_id").GetString()!, "--name", "all");

        Assert.Equal(0, key.ExitCode);
    }

    [Theory]
    [InlineData(2, "Unknown plan 'gold'", "tenant", "create", "--name", "X", "--plan", "gold")]
    [InlineData(2, "--name is required", "tenant", "create")]
    [InlineData(2, "Unknown scope(s): tasks:delete", "key", "create", "--tenant", "0198c3a0-0000-7000-8000-000000000000", "--name", "k", "--scopes", "tasks:delete")]
    [InlineData(2, "Unknown command", "tenant", "delete")]
    [InlineData(1, "There is no tenant", "key", "create", "--tenant", "0198c3a0-0000-7000-8000-000000000000", "--name", "k")]
    [InlineData(1, "There is no tenant", "tenant", "plan", "--tenant", "0198c3a0-0000-7000-8000-000000000000", "--plan", "pro")]
    public async Task Mistakes_exit_non_zero_with_a_message_on_stderr_and_nothing_on_stdout(int exitCode, string message, params string[] args)
    {
        var result = await AdminAsync(args);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Equal("", result.Output);
    }

    private async Task<(int ExitCode, string Output, string Error)> AdminAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ConnectionStrings__Postgres"] = _database.ConnectionString },
        };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "CodeTether.Gateway.dll"), "admin", .. args])
            start.ArgumentList.Add(arg);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await output).Trim(), await error);
    }
}
