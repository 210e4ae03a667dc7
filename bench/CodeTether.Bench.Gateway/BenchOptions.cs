namespace CodeTether.Bench.Gateway;

/// <summary>What to measure and for how long; every address must be loopback.</summary>
public sealed record BenchOptions(
    string StateDirectory,
    Uri Tasks,
    Uri? Gateway,
    string? GatewayDll,
    int GatewayPort,
    string Postgres,
    int Concurrency,
    TimeSpan Duration,
    TimeSpan Warmup,
    int MaxRequests)
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/CodeTether.Bench.Gateway -- [options]

        Measures GET /v1/automation/tasks/{id} through the gateway and straight to the tasks service.
          --state DIR          .codetether of a running `./codetether up` (identity.key, quickstart.key)  [./.codetether]
          --tasks URL          the tasks service                                                         [http://127.0.0.1:5101]
          --gateway URL        measure this running gateway with the quickstart key (its plan's limit applies!)
          --gateway-dll PATH   otherwise start this CodeTether.Gateway.dll on its own database and a pro plan
                               whose limit is raised so the Redis bucket is checked but never refuses
                               [services/gateway/bin/Release/net10.0/CodeTether.Gateway.dll]
          --gateway-port N     port of the started gateway                                               [18080]
          --postgres CS        server of the started gateway's database (codetether_bench_gateway)
                               [Host=127.0.0.1;Port=55432;Username=codetether;Password=codetether]
          --concurrency N      concurrent clients                                                        [16]
          --seconds N          measuring time per target, at most 120                                    [10]
          --warmup N           seconds of warm-up per target, not counted                                [2]
          --max-requests N     stop a target after this many requests, at most 2000000                   [500000]
        Environment: CT_BENCH_STATE, CT_BENCH_TASKS, CT_BENCH_GATEWAY, CT_BENCH_CONCURRENCY, CT_BENCH_SECONDS.
        """;

    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            values[args[i][2..]] = args[++i];
        }
        string? Get(string name, string env) => values.GetValueOrDefault(name) ?? Environment.GetEnvironmentVariable(env);

        var options = new BenchOptions(
            Get("state", "CT_BENCH_STATE") ?? ".codetether",
            Loopback(Get("tasks", "CT_BENCH_TASKS") ?? "http://127.0.0.1:5101"),
            Get("gateway", "CT_BENCH_GATEWAY") is { } gateway ? Loopback(gateway) : null,
            values.GetValueOrDefault("gateway-dll"),
            int.Parse(values.GetValueOrDefault("gateway-port") ?? "18080"),
            values.GetValueOrDefault("postgres") ?? "Host=127.0.0.1;Port=55432;Username=codetether;Password=codetether",
            Math.Clamp(int.Parse(Get("concurrency", "CT_BENCH_CONCURRENCY") ?? "16"), 1, 256),
            TimeSpan.FromSeconds(Math.Clamp(int.Parse(Get("seconds", "CT_BENCH_SECONDS") ?? "10"), 1, 120)),
            TimeSpan.FromSeconds(Math.Clamp(int.Parse(values.GetValueOrDefault("warmup") ?? "2"), 0, 30)),
            Math.Clamp(int.Parse(values.GetValueOrDefault("max-requests") ?? "500000"), 1, 2_000_000));
        return options;
    }

    private static Uri Loopback(string address)
    {
        var uri = new Uri(address);
        if (!uri.IsLoopback)
            throw new ArgumentException($"{address} is not a loopback address: the benchmark only talks to this machine.");
        return uri;
    }
}
