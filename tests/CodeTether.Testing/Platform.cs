using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using CodeTether.Workers.Codebases;
using Npgsql;

namespace CodeTether.Testing;

/// <summary>
/// The whole platform for an end-to-end test: every service as its own process, each with its own database, one
/// vhost and one Redis key prefix of its own, a fake model provider, and a fake Keycloak realm whose access tokens the
/// gateway accepts (<see cref="Realm"/>). Tests talk to it only through the gateway.
/// Agents go offline 10 s after their last heartbeat (every 2 s) rather than 120 s, so tests can see it happen.
/// </summary>
public sealed class Platform : IAsyncDisposable
{
    public static readonly string[] ServiceNames = ["tasks", "workers", "webhooks", "scheduler", "billing", "gateway"];
    /// <summary>The agent the platform's worker serves as (the workers service's default).</summary>
    public const string AgentName = "codetether-worker";
    /// <summary>The name of the platform worker's codebase, a directory under <see cref="CodebaseRoot"/>.</summary>
    public const string CodebaseName = "sample";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Dictionary<string, IsolatedDatabase> databases = [];
    private readonly Dictionary<string, ServiceProcess> services = [];
    private readonly List<ServiceProcess> extraWorkers = [];
    private IsolatedVirtualHost? virtualHost;

    public FakeOpenAiServer Model { get; private set; } = null!;
    /// <summary>The Keycloak realm the gateway accepts access tokens of (<c>OAuth:*</c>), with the Zapier app's client.</summary>
    public FakeIdentityProvider Realm { get; private set; } = null!;
    /// <summary>The worker's codebase: a directory under <see cref="CodebaseRoot"/> with <c>README.md</c> and <c>src/greeting.txt</c>.</summary>
    public string CodebasePath => Path.Combine(CodebaseRoot, CodebaseName);
    public string CodebaseId => LocalCodebase.Of(AgentName, CodebaseName, CodebasePath).Id;
    public const string Greeting = "Hello from the sample codebase.";
    /// <summary>The model calls an agent may make per run here (Agent:MaxSteps), few so a test reaches the limit quickly.</summary>
    public const int MaxAgentSteps = 8;
    public string LogFolder { get; } = Directory.CreateTempSubdirectory("codetether-e2e-").FullName;
    /// <summary>Where codebases may be registered (<c>Worker:CodebaseRoots</c>); the platform worker's codebase is in it.</summary>
    public string CodebaseRoot { get; } = Directory.CreateTempSubdirectory("codetether-e2e-codebases-").FullName;
    public ServiceProcess this[string service] => services[service];
    public Uri GatewayUrl => services["gateway"].Url;

    public static async Task<Platform> StartAsync()
    {
        var platform = new Platform();
        try
        {
            await platform.StartAllAsync();
            return platform;
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }
    }

    private async Task StartAllAsync()
    {
        Model = await FakeOpenAiServer.StartAsync();
        Realm = await FakeIdentityProvider.StartAsync();
        Directory.CreateDirectory(CodebasePath);
        File.WriteAllText(Path.Combine(CodebasePath, "README.md"), "# Sample\nThe codebase the end-to-end tests' agents work in.\n");
        Directory.CreateDirectory(Path.Combine(CodebasePath, "src"));
        File.WriteAllText(Path.Combine(CodebasePath, "src", "greeting.txt"), Greeting + "\n");
        virtualHost = await TestInfrastructure.CreateVirtualHostAsync("e2e");
        var ports = ServiceNames.ToDictionary(s => s, _ => ServiceProcess.FreePort());
        var shared = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Identity__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ["ConnectionStrings__RabbitMq"] = virtualHost.Address.ToString(),
            ["ConnectionStrings__Redis"] = TestInfrastructure.Redis,
            ["Redis__KeyPrefix"] = TestInfrastructure.RedisKeyPrefix("e2e"),
            ["Models__Providers__openai__BaseUrl"] = Model.BaseUrl.ToString(),
            ["Models__Providers__openai__ApiKey"] = FakeOpenAiServer.ApiKey,
            // Enough agents at once that the tenants' concurrency limits, not the worker, are what tests see.
            ["Worker__Concurrency"] = "32",
            // Long enough for a synchronous message on a busy machine, short enough that a test can outwait it.
            ["Messages__SyncWaitSeconds"] = "20",
            ["Agent__MaxSteps"] = MaxAgentSteps.ToString(),
            ["Worker__HeartbeatInterval"] = "00:00:02",
            ["Worker__CodebaseRoots__0"] = CodebaseRoot,
            ["Agents__OfflineAfter"] = "00:00:10",
        };
        foreach (var service in ServiceNames.Where(s => s != "gateway"))
            shared[$"Services__{char.ToUpperInvariant(service[0])}{service[1..]}"] = $"http://127.0.0.1:{ports[service]}";

        foreach (var service in ServiceNames)
        {
            var database = await TestInfrastructure.CreateDatabaseAsync(service);
            databases[service] = database;
            var environment = new Dictionary<string, string>(shared) { ["ConnectionStrings__Postgres"] = database.ConnectionString };
            if (service == "webhooks")
                environment["Webhooks__AllowedNetworks__0"] = "127.0.0.0/8";
            if (service == "gateway")
                foreach (var (key, value) in Realm.GatewaySettings())
                    environment[key.Replace(":", "__")] = value;
            if (service == "workers")
            {
                environment["Worker__Codebases__0__Name"] = CodebaseName;
                environment["Worker__Codebases__0__Path"] = CodebasePath;
            }
            services[service] = new ServiceProcess(service, ports[service], environment, LogFolder);
        }

        foreach (var service in services.Values)
            service.Start();
        await Task.WhenAll(services.Values.Select(s => s.WaitUntilReadyAsync(StartTimeout)));
        await WaitUntilTasksKnowCodebasesAsync(AgentName, 1);
    }

    /// <summary>
    /// Another worker process, serving as <paramref name="agentName"/> (id <c>{agentName}-1</c>), on the platform's database
    /// and bus, with <paramref name="settings"/> (environment variables) over the platform worker's. Ready, and its
    /// codebases (<c>Worker__Codebases__N__…</c>) known to the tasks service, when this returns; the platform stops it at the end.
    /// </summary>
    public async Task<ServiceProcess> StartWorkerAsync(string agentName, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>(services["workers"].Environment)
            .Where(e => !e.Key.StartsWith("Worker__Codebases__", StringComparison.Ordinal))
            .ToDictionary();
        environment["Worker__AgentName"] = agentName;
        environment["Worker__Id"] = $"{agentName}-1";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            environment[key] = value;
        var worker = new ServiceProcess("workers", ServiceProcess.FreePort(), environment, LogFolder, instance: $"workers-{agentName}");
        extraWorkers.Add(worker);
        worker.Start();
        await worker.WaitUntilReadyAsync(StartTimeout);
        await WaitUntilTasksKnowCodebasesAsync(agentName, environment.Keys.Count(k => k.StartsWith("Worker__Codebases__", StringComparison.Ordinal) && k.EndsWith("__Path", StringComparison.Ordinal)));
        return worker;
    }

    /// <summary>
    /// A worker announces its codebases as it starts, and the tasks service accepts a task's <c>codebase_id</c> once it has
    /// heard of it: waits for that (in the tasks service's database), so a test's first task does not race the announcement.
    /// </summary>
    private async Task WaitUntilTasksKnowCodebasesAsync(string agentName, int count)
    {
        await using var connection = new NpgsqlConnection(databases["tasks"].ConnectionString);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            await using var query = new NpgsqlCommand("SELECT count(*) FROM codebases WHERE agent_name = @agent", connection);
            query.Parameters.AddWithValue("agent", agentName);
            if ((long)(await query.ExecuteScalarAsync())! >= count)
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The tasks service did not hear of {count} codebase(s) of agent '{agentName}'.\n{Logs()}");
            await Task.Delay(200);
        }
    }

    public async Task RestartAsync(string service)
    {
        await services[service].KillAsync();
        services[service].Start();
        await services[service].WaitUntilReadyAsync(StartTimeout);
    }

    /// <summary>A client for a new tenant, authenticated with a fresh API key made by the gateway's operator commands.</summary>
    /// <param name="scopes">Space-separated scopes for the key; all scopes when null.</param>
    public async Task<HttpClient> CreateTenantClientAsync(string plan = "pro", string? scopes = null) =>
        (await CreateTenantAsync(plan, scopes)).Client;

    /// <summary>A new tenant, and a client for it as <see cref="CreateTenantClientAsync"/> makes.</summary>
    public async Task<(Guid TenantId, HttpClient Client)> CreateTenantAsync(string plan = "pro", string? scopes = null)
    {
        var tenant = await AdminAsync("tenant", "create", "--name", $"e2e-{Guid.NewGuid():N}", "--plan", plan);
        var tenantId = tenant.GetProperty("tenant_id").GetString()!;
        string[] keyArguments = ["key", "create", "--tenant", tenantId, "--name", "e2e"];
        var key = await AdminAsync(scopes is null ? keyArguments : [.. keyArguments, "--scopes", scopes]);
        var client = new HttpClient { BaseAddress = GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.GetProperty("api_key").GetString());
        return (Guid.Parse(tenantId), client);
    }

    private async Task<JsonElement> AdminAsync(params string[] arguments)
    {
        var gateway = services["gateway"];
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(ServiceProcess.Executable("gateway"))!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(ServiceProcess.Executable("gateway"));
        start.ArgumentList.Add("admin");
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in gateway.Environment)
            start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"gateway admin {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}{output}");
        return JsonDocument.Parse(output.Trim().Split('\n').Last()).RootElement.Clone();
    }

    public string Logs() => string.Join("\n", services.Values.Select(s => s.LogTail(40)));

    public async ValueTask DisposeAsync()
    {
        foreach (var service in extraWorkers.Concat(services.Values))
            await service.DisposeAsync();
        if (Model is not null)
            await Model.DisposeAsync();
        if (Realm is not null)
            await Realm.DisposeAsync();
        foreach (var database in databases.Values)
            await database.DisposeAsync();
        if (virtualHost is not null)
            await virtualHost.DisposeAsync();
        Directory.Delete(CodebaseRoot, recursive: true);
    }
}
