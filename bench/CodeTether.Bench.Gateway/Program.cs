using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CodeTether.Bench.Gateway;
using CodeTether.ServiceDefaults;
using Microsoft.Extensions.Configuration;

// Not a test: measures what the gateway costs on GET /v1/automation/tasks/{id}, through it and straight to the
// tasks service, against a running platform (`./codetether up`). Loopback only, bounded in time and count.
BenchOptions options;
try
{
    if (args is ["--help" or "-h"])
    {
        Console.WriteLine(BenchOptions.Usage);
        return 0;
    }
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

var signingKeyText = File.ReadAllText(Path.Combine(options.StateDirectory, "identity.key")).Trim();
var signingKey = GatewayIdentity.SigningKey(new ConfigurationBuilder()
    .AddInMemoryCollection([new(GatewayIdentity.SigningKeySetting, signingKeyText)]).Build());

BenchGateway? started = null;
try
{
    Uri gatewayAddress;
    string apiKey;
    Guid tenantId;
    if (options.Gateway is { } running)
    {
        gatewayAddress = running;
        apiKey = File.ReadAllText(Path.Combine(options.StateDirectory, "quickstart.key")).Trim();
        tenantId = Guid.Parse(File.ReadAllText(Path.Combine(options.StateDirectory, "quickstart.tenant")).Trim());
    }
    else
    {
        Console.WriteLine("Starting a gateway of the benchmark's own ...");
        started = await BenchGateway.StartAsync(options, signingKeyText);
        (gatewayAddress, apiKey, tenantId) = (started.Address, started.ApiKey, started.TenantId);
    }

    using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
    using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };

    var create = new HttpRequestMessage(HttpMethod.Post, new Uri(gatewayAddress, "/v1/automation/tasks"))
    {
        Content = JsonContent.Create(new { title = "gateway benchmark", description = "read back by the gateway benchmark", model = "simulator" }),
    };
    create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    using var created = await client.SendAsync(create);
    if (!created.IsSuccessStatusCode)
        throw new InvalidOperationException($"Creating the task through the gateway failed: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
    var taskId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("task_id").GetGuid();
    var path = $"/v1/automation/tasks/{taskId}";

    // The direct calls carry what the gateway would add; a token lives two minutes, so it is renewed every minute.
    var caller = new CallerIdentity(tenantId, "gateway-benchmark", "pro", ["tasks:read"]);
    var token = (Value: GatewayIdentity.CreateToken(signingKey, caller, TimeProvider.System), At: DateTime.UtcNow);
    string Token()
    {
        var current = token;
        if (DateTime.UtcNow - current.At < TimeSpan.FromMinutes(1))
            return current.Value;
        token = (GatewayIdentity.CreateToken(signingKey, caller, TimeProvider.System), DateTime.UtcNow);
        return token.Value;
    }

    var directUri = new Uri(options.Tasks, path);
    var gatewayUri = new Uri(gatewayAddress, path);
    HttpRequestMessage Direct()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, directUri);
        request.Headers.Add(GatewayIdentity.HeaderName, Token());
        return request;
    }
    HttpRequestMessage ThroughGateway()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, gatewayUri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return request;
    }

    Console.WriteLine($"GET {path}: {options.Concurrency} concurrent clients, {options.Warmup.TotalSeconds:F0} s warm-up + {options.Duration.TotalSeconds:F0} s per target, at most {options.MaxRequests} requests, {Environment.ProcessorCount} cores");
    var direct = await LoadRun.RunAsync("direct", client, Direct, options);
    Console.WriteLine(direct);
    var gateway = await LoadRun.RunAsync("gateway", client, ThroughGateway, options);
    Console.WriteLine(gateway);
    Console.WriteLine($"gateway/direct: throughput {gateway.RequestsPerSecond / direct.RequestsPerSecond:P0}, p50 x{gateway.P50Ms / direct.P50Ms:F2}, p99 x{gateway.P99Ms / direct.P99Ms:F2}");
    return direct.Errors + gateway.Errors == 0 ? 0 : 1;
}
finally
{
    if (started is not null)
        await started.DisposeAsync();
}
