using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CodeTether.Testing;

/// <summary>
/// What the fake model servers of the native provider protocols share: a local HTTP server on one route, the requests it
/// received, scripted failures, and the scripted behaviour of the model (an answer, or a question through <c>ask_user</c>).
/// </summary>
public abstract class FakeModelServer : IAsyncDisposable
{
    public const string ApiKey = "test-key-codetether";
    private WebApplication? app;

    public Uri BaseUrl { get; private set; } = null!;
    public ConcurrentQueue<JsonObject> Requests { get; } = new();
    public ScriptedFailures Failures { get; } = new();

    /// <summary>What the model answers, given the text of the request's last user turn.</summary>
    public Func<string, string> Answer { get; set; } = prompt => $"Fake model answer to: {prompt}";

    /// <summary>A question the model asks through the <c>ask_user</c> tool, given the request; null to answer.</summary>
    public Func<JsonObject, string?> Ask { get; set; } = _ => null;

    protected async Task StartAsync(string route)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapPost(route, HandleAsync);
        await app.StartAsync();
        BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    private async Task HandleAsync(HttpContext http)
    {
        if (await Failures.TryFailAsync(http, ErrorBody))
            return;
        if (Refusal(http.Request) is { } refusal)
        {
            http.Response.StatusCode = refusal.Status;
            await http.Response.WriteAsJsonAsync(ErrorBody(refusal.Status, refusal.Message));
            return;
        }
        var request = (await JsonNode.ParseAsync(http.Request.Body))!.AsObject();
        Requests.Enqueue(request);
        await http.Response.WriteAsJsonAsync(Reply(http, request));
    }

    /// <summary>Why the provider would refuse the request's credentials or headers, or null.</summary>
    protected abstract (int Status, string Message)? Refusal(HttpRequest request);

    /// <summary>The provider's error body.</summary>
    protected abstract JsonObject ErrorBody(int status, string message);

    protected abstract JsonObject Reply(HttpContext http, JsonObject request);

    protected static int Words(string? text) => text?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length ?? 0;

    public async ValueTask DisposeAsync()
    {
        if (app is null)
            return;
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
