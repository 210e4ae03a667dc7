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
/// usage counts, OpenAI-shaped errors, tool calls in the assistant message and <c>role: "tool"</c> results in the next
/// request), so the workers' real provider client and tool-calling loop are exercised over HTTP.
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

    /// <summary>Requests whose last user message contains a held marker wait until it is released (or the caller gives up).</summary>
    private readonly ConcurrentDictionary<string, TaskCompletionSource> holds = new();
    private readonly ConcurrentDictionary<string, ScriptedConversation> scripts = new();

    /// <summary>The last user message of each request the caller aborted while it was in progress.</summary>
    public ConcurrentQueue<string> Aborted { get; } = new();

    /// <summary>A question the model asks through the <c>ask_user</c> tool, given the request's messages; null to answer.</summary>
    public Func<JsonArray, string?> Ask { get; set; } = _ => null;

    /// <summary>
    /// Scripts the model for every request with a user message containing <paramref name="marker"/>: the n-th such
    /// request (from 0) gets <paramref name="reply"/>'s answer to it, a final answer or tool calls.
    /// </summary>
    public void Script(string marker, Func<ScriptedCall, ScriptedReply> reply) => scripts[marker] = new ScriptedConversation(reply);

    /// <summary>The tool results the worker sent back in the latest request of the conversation containing <paramref name="marker"/>.</summary>
    public IReadOnlyList<string> ToolResultsFor(string marker) =>
        Requests.LastOrDefault(r => UserMessages(r["messages"]!.AsArray()).Any(m => m.Contains(marker))) is { } request
            ? new ScriptedCall(0, request["messages"]!.AsArray()).ToolResults
            : [];

    /// <summary>The prompt tokens this server counts for a request: the words of every message's content.</summary>
    public static int PromptTokens(JsonObject request) => request["messages"]!.AsArray().Sum(m => Words(Text(m!["content"])));

    /// <summary>Holds every request whose prompt contains <paramref name="marker"/> until <see cref="Release"/>.</summary>
    public void Hold(string marker) => holds[marker] = NewSignal();

    public void Release(string marker)
    {
        if (holds.TryRemove(marker, out var hold))
            hold.TrySetResult();
    }

    public int RequestsContaining(string marker) => Requests.Count(r => LastUserMessage(r["messages"]!.AsArray()).Contains(marker));

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
        if (await Failures.TryFailAsync(http, ErrorBody))
            return;
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
        var messages = request["messages"]!.AsArray();
        var prompt = LastUserMessage(messages);
        Requests.Enqueue(request);
        try
        {
            foreach (var hold in holds.Where(h => prompt.Contains(h.Key)))
                await hold.Value.Task.WaitAsync(http.RequestAborted);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            Aborted.Enqueue(prompt);
            return;
        }

        if (scripts.FirstOrDefault(s => UserMessages(messages).Any(m => m.Contains(s.Key))).Value is { } script)
        {
            var reply = script.Next(messages);
            var message = reply.ToolCalls.Count == 0
                ? new JsonObject { ["role"] = "assistant", ["content"] = reply.Answer }
                : new JsonObject
                {
                    ["role"] = "assistant",
                    ["content"] = null,
                    ["tool_calls"] = new JsonArray([.. reply.ToolCalls.Select(call => ToolCall(call.Name, JsonSerializer.Serialize(call.Arguments)))]),
                };
            await WriteCompletionAsync(http, request, messages, message, reply.ToolCalls.Count == 0 ? "stop" : "tool_calls",
                Words(reply.Answer) + reply.ToolCalls.Sum(c => Words(JsonSerializer.Serialize(c.Arguments))));
            return;
        }

        if (Ask(messages) is { } question)
        {
            await WriteCompletionAsync(http, request, messages, new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = null,
                ["tool_calls"] = new JsonArray(ToolCall("ask_user", new JsonObject { ["question"] = question }.ToJsonString())),
            }, "tool_calls", Words(question));
            return;
        }

        var answer = Answer(prompt);
        await WriteCompletionAsync(http, request, messages, new JsonObject { ["role"] = "assistant", ["content"] = answer }, "stop", Words(answer));
    }

    private static JsonObject ToolCall(string name, string arguments) => new()
    {
        ["id"] = $"call_{Guid.NewGuid():N}",
        ["type"] = "function",
        ["function"] = new JsonObject { ["name"] = name, ["arguments"] = arguments },
    };

    private static async Task WriteCompletionAsync(HttpContext http, JsonObject request, JsonArray messages, JsonObject message,
        string finishReason, int completionTokens)
    {
        var promptTokens = PromptTokens(request);

        await http.Response.WriteAsJsonAsync(new JsonObject
        {
            ["id"] = $"chatcmpl-{Guid.NewGuid():N}",
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = (string?)request["model"],
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["finish_reason"] = finishReason,
            }),
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = promptTokens,
                ["completion_tokens"] = completionTokens,
                ["total_tokens"] = promptTokens + completionTokens,
            },
        });
    }

    private static string LastUserMessage(JsonArray messages) => UserMessages(messages).LastOrDefault() ?? "";

    private static IEnumerable<string> UserMessages(JsonArray messages) =>
        messages.Where(m => (string?)m!["role"] == "user").Select(m => Text(m!["content"]));

    /// <summary>A message's content: a string, or an array of parts whose text parts are joined.</summary>
    internal static string Text(JsonNode? content) => content switch
    {
        JsonArray parts => string.Concat(parts.Select(p => (string?)p?["text"])),
        JsonValue value => value.ToString(),
        _ => "",
    };

    private static int Words(string? text) => text?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length ?? 0;

    // Scripted failures for the provider retry tests: OpenAI-shaped errors, Retry-After, stalls.
    public ScriptedFailures Failures { get; } = new();

    private static JsonObject ErrorBody(int status, string message) => new()
    {
        ["error"] = new JsonObject
        {
            ["message"] = message,
            ["type"] = status == (int)HttpStatusCode.TooManyRequests ? "rate_limit_exceeded" : "server_error",
            ["code"] = null,
        },
    };
    private sealed class ScriptedConversation(Func<ScriptedCall, ScriptedReply> reply)
    {
        private int calls = -1;

        public ScriptedReply Next(JsonArray messages) => reply(new ScriptedCall(Interlocked.Increment(ref calls), messages));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
