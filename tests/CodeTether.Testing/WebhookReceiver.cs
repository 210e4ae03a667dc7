using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CodeTether.Testing;

/// <summary>A request a <see cref="WebhookReceiver"/> got: path, headers (lower-case names) and the exact body bytes.</summary>
public sealed record ReceivedWebhook(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTime At)
{
    public string Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : "";
}

/// <summary>
/// A local HTTP endpoint that records every POST and answers from a script per path: queued answers first (status and
/// headers), then 200.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, IReadOnlyDictionary<string, string> Headers)>> script = new();
    private readonly ConcurrentDictionary<string, bool> hanging = new();

    private WebhookReceiver(WebApplication app) => this.app = app;

    public Uri BaseUrl { get; private set; } = null!;
    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public Uri Url(string path) => new(BaseUrl, path);

    public IReadOnlyList<ReceivedWebhook> At(string path) => Received.Where(r => r.Path == path).ToList();

    /// <summary>The next requests to <paramref name="path"/> get these statuses, in order.</summary>
    public void Answer(string path, params int[] statuses)
    {
        foreach (var status in statuses)
            Answer(path, status, new Dictionary<string, string>());
    }

    public void Answer(string path, int status, IReadOnlyDictionary<string, string> headers) =>
        script.GetOrAdd(path, _ => new()).Enqueue((status, headers));

    /// <summary>Requests to <paramref name="path"/> never get an answer: the sender has to give up.</summary>
    public void Hang(string path) => hanging[path] = true;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return receiver;
    }

    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(string path, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            if (At(path).Count >= count)
                return At(path);
            await Task.Delay(50);
        }
        throw new TimeoutException($"{path} received {At(path).Count} webhooks, not {count}, in time.");
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body);
        var headers = http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        Received.Enqueue(new ReceivedWebhook(http.Request.Path, headers, body.ToArray(), DateTime.UtcNow));
        if (hanging.ContainsKey(http.Request.Path))
        {
            await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { });
            return;
        }

        var status = 200;
        if (script.TryGetValue(http.Request.Path, out var answers) && answers.TryDequeue(out var answer))
        {
            status = answer.Status;
            foreach (var (name, value) in answer.Headers)
                http.Response.Headers[name] = value;
        }
        http.Response.StatusCode = status;
        await http.Response.WriteAsync(status < 300 ? "ok" : $"answer {status}");
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
