using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
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
/// A local model server that speaks OpenAI's chat-completions wire protocol (POST /v1/chat/completions, bearer key,
/// usage counts, OpenAI-shaped errors), so the workers' real provider client is exercised over HTTP.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    public const string ApiKey = "sk-test-codetether";
    private readonly WebApplication app;

    private FakeOpenAiServer(WebApplication app) => this.app = app;

    public Uri BaseUrl { get; private set; } = null!;
    public ConcurrentQueue<JsonObject> Requests { get; } = new();

    /// <summary>What the model answers, given the request's last user message.</summary>
    public Func<string, string> Answer { get; set; } = prompt => $"Fake model answer to: {prompt}";

    /// <summary>While set and not completed, requests wait for it: a model call that is "in progress".</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Completed when a request arrives; lets a test act while a model call is in progress.</summary>
    public TaskCompletionSource RequestArrived { get; private set; } = NewSignal();

    public void ResetSignals() => RequestArrived = NewSignal();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeOpenAiServer(app);
        app.MapPost("/v1/chat/completions", server.ChatCompletionsAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri($"{address}/v1");
        return server;
    }

    private async Task ChatCompletionsAsync(HttpContext http)
    {
        if (http.Request.Headers.Authorization.ToString() != $"Bearer {ApiKey}")
        {
            http.Response.StatusCode = (int)HttpStatusCode.Unauthorized;
            await http.Response.WriteAsJsonAsync(new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["message"] = "Incorrect API key provided.",
                    ["type"] = "invalid_request_error",
                    ["code"] = "invalid_api_key",
                },
            });
            return;
        }

        var request = (await JsonNode.ParseAsync(http.Request.Body))!.AsObject();
        Requests.Enqueue(request);
        RequestArrived.TrySetResult();
        if (Gate is { } gate)
            await gate.Task.WaitAsync(http.RequestAborted);
        var messages = request["messages"]!.AsArray();
        var prompt = messages.LastOrDefault(m => (string?)m!["role"] == "user")?["content"]?.ToString() ?? "";
        var answer = Answer(prompt);
        var promptTokens = messages.Sum(m => Words(m!["content"]?.ToString()));
        var completionTokens = Words(answer);

        await http.Response.WriteAsJsonAsync(new JsonObject
        {
            ["id"] = $"chatcmpl-{Guid.NewGuid():N}",
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = (string?)request["model"],
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = answer },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = promptTokens,
                ["completion_tokens"] = completionTokens,
                ["total_tokens"] = promptTokens + completionTokens,
            },
        });
    }

    private static int Words(string? text) => text?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length ?? 0;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
