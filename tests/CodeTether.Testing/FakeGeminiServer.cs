using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CodeTether.Testing;

/// <summary>
/// A local model server that speaks Google Gemini's REST API (POST /v1beta/models/{model}:generateContent,
/// <c>x-goog-api-key</c>, contents and parts, <c>systemInstruction</c>, <c>functionCall</c>/<c>functionResponse</c>,
/// <c>usageMetadata</c>, Google-shaped errors), so the workers' Gemini client is exercised over HTTP. Like the real API
/// it gives function calls no id and signs them with a <c>thoughtSignature</c> the client must send back.
/// </summary>
public sealed class FakeGeminiServer : FakeModelServer
{
    public const string Signature = "c2lnbmVkLXRob3VnaHQ=";

    public static async Task<FakeGeminiServer> StartAsync()
    {
        var server = new FakeGeminiServer();
        await server.StartAsync("/v1beta/models/{model}:generateContent");
        return server;
    }

    protected override (int Status, string Message)? Refusal(HttpRequest request) =>
        request.Headers["x-goog-api-key"] != ApiKey ? (StatusCodes.Status400BadRequest, "API key not valid. Please pass a valid API key.") : null;

    protected override JsonObject ErrorBody(int status, string message) => new()
    {
        ["error"] = new JsonObject
        {
            ["code"] = status,
            ["message"] = message,
            ["status"] = status switch
            {
                400 => "INVALID_ARGUMENT",
                429 => "RESOURCE_EXHAUSTED",
                503 => "UNAVAILABLE",
                504 => "DEADLINE_EXCEEDED",
                _ => "INTERNAL",
            },
        },
    };

    protected override JsonObject Reply(HttpContext http, JsonObject request)
    {
        var contents = request["contents"]!.AsArray();
        var promptTokens = Words(Text(request["systemInstruction"])) + contents.Sum(c => Words(Text(c)));
        JsonObject part;
        int outputTokens;
        if (Ask(request) is { } question)
        {
            part = new JsonObject
            {
                ["functionCall"] = new JsonObject { ["name"] = "ask_user", ["args"] = new JsonObject { ["question"] = question } },
                ["thoughtSignature"] = Signature,
            };
            outputTokens = Words(question);
        }
        else
        {
            var answer = Answer(Text(contents.LastOrDefault(c => (string?)c!["role"] == "user")));
            part = new JsonObject { ["text"] = answer };
            outputTokens = Words(answer);
        }

        return new JsonObject
        {
            ["candidates"] = new JsonArray(new JsonObject
            {
                ["content"] = new JsonObject { ["role"] = "model", ["parts"] = new JsonArray(part) },
                ["finishReason"] = "STOP",
                ["index"] = 0,
            }),
            ["usageMetadata"] = new JsonObject
            {
                ["promptTokenCount"] = promptTokens,
                ["candidatesTokenCount"] = outputTokens,
                ["totalTokenCount"] = promptTokens + outputTokens,
            },
            ["modelVersion"] = http.GetRouteValue("model")?.ToString(),
            ["responseId"] = Guid.NewGuid().ToString("N"),
        };
    }

    /// <summary>The text of a content's parts: text, and the result of function responses.</summary>
    public static string Text(JsonNode? content) => string.Join("\n", (content?["parts"]?.AsArray() ?? []).Select(p =>
        (string?)p!["text"] ?? p["functionResponse"]?["response"]?["result"]?.ToString()).Where(t => !string.IsNullOrEmpty(t)));
}
