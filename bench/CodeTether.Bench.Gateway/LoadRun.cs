using System.Diagnostics;

namespace CodeTether.Bench.Gateway;

/// <summary>N clients calling one URL back to back for a bounded time and count; latencies of successful answers.</summary>
public sealed record LoadResult(string Target, int Requests, int Errors, TimeSpan Elapsed, double P50Ms, double P99Ms, string? FirstError)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public override string ToString() =>
        $"{Target,-8} {Requests,8} requests in {Elapsed.TotalSeconds,5:F1} s  {RequestsPerSecond,8:F0} req/s  p50 {P50Ms,7:F2} ms  p99 {P99Ms,7:F2} ms  errors {Errors}"
        + (FirstError is null ? "" : $" (first: {FirstError})");
}

public static class LoadRun
{
    public static async Task<LoadResult> RunAsync(string target, HttpClient client, Func<HttpRequestMessage> request, BenchOptions options)
    {
        if (options.Warmup > TimeSpan.Zero)
            await MeasureAsync(client, request, options.Concurrency, options.Warmup, options.MaxRequests);
        var (latencies, errors, elapsed, firstError) = await MeasureAsync(client, request, options.Concurrency, options.Duration, options.MaxRequests);
        latencies.Sort();
        return new LoadResult(target, latencies.Count + errors, errors, elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.99), firstError);
    }

    private static async Task<(List<double> Latencies, int Errors, TimeSpan Elapsed, string? FirstError)> MeasureAsync(
        HttpClient client, Func<HttpRequestMessage> request, int concurrency, TimeSpan duration, int maxRequests)
    {
        var started = Stopwatch.StartNew();
        var issued = 0;
        var errors = 0;
        string? firstError = null;
        var perClient = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            var latencies = new List<double>(4096);
            while (started.Elapsed < duration && Interlocked.Increment(ref issued) <= maxRequests)
            {
                var begin = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.SendAsync(request());
                    await response.Content.ReadAsByteArrayAsync();
                    if (response.IsSuccessStatusCode)
                        latencies.Add(Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
                    else
                    {
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, $"{(int)response.StatusCode} {response.ReasonPhrase}", null);
                    }
                }
                catch (HttpRequestException e)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                }
            }
            return latencies;
        }));
        var elapsed = started.Elapsed;
        return ([.. perClient.SelectMany(l => l)], errors, elapsed, firstError);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
