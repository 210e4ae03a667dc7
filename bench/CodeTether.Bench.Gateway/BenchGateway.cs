using System.Diagnostics;
using System.Text.Json;

namespace CodeTether.Bench.Gateway;

/// <summary>
/// A gateway process of the benchmark's own: its own database (<c>codetether_bench_gateway</c>) and Redis prefix
/// (<c>ct_bench:</c>), a new tenant on the pro plan whose limit is raised so that every request still goes through the
/// Redis bucket but none is refused, in front of the given tasks service, signing with the platform's identity key.
/// </summary>
public sealed class BenchGateway : IAsyncDisposable
{
    private readonly Process _process;

    private BenchGateway(Process process, Uri address, Guid tenantId, string apiKey) =>
        (_process, Address, TenantId, ApiKey) = (process, address, tenantId, apiKey);

    public Uri Address { get; }
    public Guid TenantId { get; }
    public string ApiKey { get; }

    public static async Task<BenchGateway> StartAsync(BenchOptions options, string signingKey)
    {
        var dll = Path.GetFullPath(options.GatewayDll ?? FindGatewayDll());
        var environment = new Dictionary<string, string>
        {
            ["Identity__SigningKey"] = signingKey,
            ["ConnectionStrings__Postgres"] = $"{options.Postgres};Database=codetether_bench_gateway",
            ["Redis__KeyPrefix"] = "ct_bench:",
            ["RateLimits__Pro"] = "100000000",
            ["Services__Tasks"] = options.Tasks.ToString().TrimEnd('/'),
            ["Logging__LogLevel__Default"] = "Warning",
        };

        var tenant = JsonDocument.Parse(await AdminAsync(dll, environment, "tenant", "create", "--name", "gateway benchmark", "--plan", "pro"));
        var tenantId = tenant.RootElement.GetProperty("tenant_id").GetGuid();
        var key = JsonDocument.Parse(await AdminAsync(dll, environment, "key", "create", "--tenant", tenantId.ToString(), "--name", "benchmark", "--scopes", "tasks:read tasks:write"));

        var address = new Uri($"http://127.0.0.1:{options.GatewayPort}");
        var process = Start(dll, environment, "--urls", address.ToString().TrimEnd('/'));
        var gateway = new BenchGateway(process, address, tenantId, key.RootElement.GetProperty("api_key").GetString()!);
        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The benchmark gateway exited with code {process.ExitCode}.");
            try
            {
                if ((await probe.GetAsync("/health/ready")).IsSuccessStatusCode)
                    return gateway;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                await gateway.DisposeAsync();
                throw new TimeoutException($"The benchmark gateway did not become ready at {address} within 60 s.");
            }
            await Task.Delay(250);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static async Task<string> AdminAsync(string dll, Dictionary<string, string> environment, params string[] args)
    {
        using var process = Start(dll, environment, ["admin", .. args], captureOutput: true);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"admin {string.Join(' ', args)} failed ({process.ExitCode}): {await error}");
        return (await output).Trim();
    }

    private static Process Start(string dll, Dictionary<string, string> environment, string[] args, bool captureOutput = false)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        var process = Process.Start(start)!;
        if (!captureOutput)
        {
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }
        return process;
    }

    private static Process Start(string dll, Dictionary<string, string> environment, params string[] args) => Start(dll, environment, args, false);

    /// <summary>The solution's own build of the gateway, Release first.</summary>
    private static string FindGatewayDll()
    {
        for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
        {
            foreach (var configuration in new[] { "Release", "Debug" })
            {
                var candidate = Path.Combine(directory.FullName, "services", "gateway", "bin", configuration, "net10.0", "CodeTether.Gateway.dll");
                if (File.Exists(candidate))
                    return candidate;
            }
        }
        throw new FileNotFoundException("No build of CodeTether.Gateway.dll under services/gateway/bin: build the solution, or give --gateway-dll.");
    }
}
