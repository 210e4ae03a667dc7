using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using CodeTether.Workers.Codebases;

namespace CodeTether.Testing;

/// <summary>
/// The whole platform for an end-to-end test: every service as its own process, each with its own database, one
/// vhost and one Redis key prefix of its own, and a fake model provider. Tests talk to it only through the gateway.
/// </summary>
public sealed class Platform : IAsyncDisposable
{
    public static readonly string[] ServiceNames = ["tasks", "workers", "webhooks", "scheduler", "billing", "gateway"];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    public const string CodebaseName = "sample";
    public const string Greeting = "Hello from the sample codebase.";
    /// <summary>The model calls an agent may make per run here (Agent:MaxSteps), few so a test reaches the limit quickly.</summary>
    public const int MaxAgentSteps = 8;
    private const string WorkerAgentName = "codetether-worker";

    private readonly List<IsolatedDatabase> databases = [];
    private readonly Dictionary<string, ServiceProcess> services = [];
    private IsolatedVirtualHost? virtualHost;

    public FakeOpenAiServer Model { get; private set; } = null!;
    /// <summary>The worker's codebase: a temporary directory with <c>README.md</c> and <c>src/greeting.txt</c>.</summary>
    public string CodebasePath { get; } = Directory.CreateTempSubdirectory("codetether-e2e-codebase-").FullName;
    public string CodebaseId => LocalCodebase.Of(WorkerAgentName, CodebaseName, CodebasePath).Id;
    public string LogFolder { get; } = Directory.CreateTempSubdirectory("codetether-e2e-").FullName;
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
            ["Worker__AgentName"] = WorkerAgentName,
            ["Worker__Codebases__0__Name"] = CodebaseName,
            ["Worker__Codebases__0__Path"] = CodebasePath,
            ["Agent__MaxSteps"] = MaxAgentSteps.ToString(),
        };
        foreach (var service in ServiceNames.Where(s => s != "gateway"))
            shared[$"Services__{char.ToUpperInvariant(service[0])}{service[1..]}"] = $"http://127.0.0.1:{ports[service]}";

        foreach (var service in ServiceNames)
        {
            var database = await TestInfrastructure.CreateDatabaseAsync(service);
            databases.Add(database);
            var environment = new Dictionary<string, string>(shared) { ["ConnectionStrings__Postgres"] = database.ConnectionString };
            if (service == "webhooks")
                environment["Webhooks__AllowedNetworks__0"] = "127.0.0.0/8";
            services[service] = new ServiceProcess(service, ports[service], environment, LogFolder);
        }

        foreach (var service in services.Values)
            service.Start();
        await Task.WhenAll(services.Values.Select(s => s.WaitUntilReadyAsync(StartTimeout)));
    }

    public async Task RestartAsync(string service)
    {
        await services[service].KillAsync();
        services[service].Start();
        await services[service].WaitUntilReadyAsync(StartTimeout);
    }

    /// <summary>A client for a new tenant, authenticated with a fresh API key made by the gateway's operator commands.</summary>
    /// <param name="scopes">Space-separated scopes for the key; all scopes when null.</param>
    public async Task<HttpClient> CreateTenantClientAsync(string plan = "pro", string? scopes = null)
    {
        var tenant = await AdminAsync("tenant", "create", "--name", $"e2e-{Guid.NewGuid():N}", "--plan", plan);
        string[] keyArguments = ["key", "create", "--tenant", tenant.GetProperty("tenant_id").GetString()!, "--name", "e2e"];
        var key = await AdminAsync(scopes is null ? keyArguments : [.. keyArguments, "--scopes", scopes]);
        var client = new HttpClient { BaseAddress = GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.GetProperty("api_key").GetString());
        return client;
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
        foreach (var service in services.Values)
            await service.DisposeAsync();
        if (Model is not null)
            await Model.DisposeAsync();
        foreach (var database in databases)
            await database.DisposeAsync();
        if (virtualHost is not null)
            await virtualHost.DisposeAsync();
        Directory.Delete(CodebasePath, recursive: true);
    }
}
