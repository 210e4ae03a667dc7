using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CodeTether.Testing;

/// <summary>
/// Failures a fake model server answers with before it answers normally: an error status in the provider's own error
/// shape (with <c>Retry-After</c> if given), or a stall that never answers. Records when each request arrived.
/// </summary>
public sealed class ScriptedFailures
{
    private readonly ConcurrentQueue<Failure> next = new();

    /// <summary><see cref="Stopwatch"/> timestamps of the requests, in order of arrival.</summary>
    public ConcurrentQueue<long> Arrivals { get; } = new();

    /// <summary>The next <paramref name="times"/> requests are answered <paramref name="status"/> with <paramref name="message"/>.</summary>
    public void Fail(int status, string message, int times = 1, TimeSpan? retryAfter = null)
    {
        for (var i = 0; i < times; i++)
            next.Enqueue(new Failure(status, message, retryAfter));
    }

    /// <summary>The next <paramref name="times"/> requests get no answer until the caller gives up.</summary>
    public void Stall(int times = 1)
    {
        for (var i = 0; i < times; i++)
            next.Enqueue(new Failure(0, "", null));
    }

    /// <summary>Answers the request with the next scripted failure, if any; <paramref name="errorBody"/> shapes it as the provider does.</summary>
    public async Task<bool> TryFailAsync(HttpContext http, Func<int, string, JsonObject> errorBody)
    {
        Arrivals.Enqueue(Stopwatch.GetTimestamp());
        if (!next.TryDequeue(out var failure))
            return false;
        if (failure.Status == 0)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
            return true;
        }
        if (failure.RetryAfter is { } retryAfter)
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        http.Response.StatusCode = failure.Status;
        await http.Response.WriteAsJsonAsync(errorBody(failure.Status, failure.Message));
        return true;
    }

    private sealed record Failure(int Status, string Message, TimeSpan? RetryAfter);
}
