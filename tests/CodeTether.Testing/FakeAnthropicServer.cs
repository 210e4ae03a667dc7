using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CodeTether.Testing;

/// <summary>
/// A local model server that speaks Anthropic's Messages API (POST /v1/messages, <c>x-api-key</c> and
/// <c>anthropic-version</c> headers, text and <c>tool_use</c>/<c>tool_result</c> blocks, usage counts, Anthropic-shaped
/// errors), so the workers' Anthropic SDK client is exercised over HTTP.
/// </summary>
public sealed class FakeAnthropicServer : FakeModelServer
{
    public static async Task<FakeAnthropicServer> StartAsync()
    {
        var server = new FakeAnthropicServer();
        await server.StartAsync("/v1/messages");
        return server;
    }

    protected override (int Status, string Message)? Refusal(HttpRequest request) =>
        request.Headers["x-api-key"] != ApiKey ? (StatusCodes.Status401Unauthorized, "invalid x-api-key")
        : string.IsNullOrEmpty(request.Headers["anthropic-version"]) ? (StatusCodes.Status400BadRequest, "anthropic-version: header is required")
        : null;

    protected override JsonObject ErrorBody(int status, string message) => new()
    {
        ["type"] = "error",
        ["error"] = new JsonObject
        {
            ["type"] = status switch
            {
                400 => "invalid_request_error",
                401 => "authentication_error",
                429 => "rate_limit_error",
                529 => "overloaded_error",
                _ => "api_error",
            },
            ["message"] = message,
        },
    };

    protected override JsonObject Reply(HttpContext http, JsonObject request)
    {
        var messages = request["messages"]!.AsArray();
        var inputTokens = Words(Text(request["system"])) + messages.Sum(m => Words(Text(m!["content"])));
        JsonObject content;
        string stopReason;
        int outputTokens;
        if (Ask(request) is { } question)
        {
            content = new JsonObject
            {
                ["type"] = "tool_use",
                ["id"] = $"toolu_{Guid.NewGuid():N}",
                ["name"] = "ask_user",
                ["input"] = new JsonObject { ["question"] = question },
            };
            (stopReason, outputTokens) = ("tool_use", Words(question));
        }
        else
        {
            var prompt = Text(messages.LastOrDefault(m => (string?)m!["role"] == "user")?["content"]);
            var answer = Answer(prompt);
            content = new JsonObject { ["type"] = "text", ["text"] = answer };
            (stopReason, outputTokens) = ("end_turn", Words(answer));
        }

        return new JsonObject
        {
            ["id"] = $"msg_{Guid.NewGuid():N}",
            ["type"] = "message",
            ["role"] = "assistant",
            ["model"] = (string?)request["model"],
            ["content"] = new JsonArray(content),
            ["stop_reason"] = stopReason,
            ["stop_sequence"] = null,
            ["usage"] = new JsonObject
            {
                ["input_tokens"] = inputTokens,
                ["cache_creation_input_tokens"] = 0,
                ["cache_read_input_tokens"] = 0,
                ["output_tokens"] = outputTokens,
            },
        };
    }

    /// <summary>The text of a message's content or of the system prompt: a string, or blocks of text and tool results.</summary>
    public static string Text(JsonNode? content) => content switch
    {
        JsonValue value => (string?)value ?? "",
        JsonArray blocks => string.Join("\n", blocks.Select(b => (string?)b!["type"] switch
        {
            "text" => (string?)b["text"],
            "tool_result" => Text(b["content"]),
            _ => null,
        }).Where(t => !string.IsNullOrEmpty(t))),
        _ => "",
    };
}
