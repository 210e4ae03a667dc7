using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace CodeTether.Workers.Models;

/// <summary>
/// Google Gemini over its REST API, <c>POST {base}/v1beta/models/{model}:generateContent</c> with the key in
/// <c>x-goog-api-key</c>: text, images, system instructions, function calling and token usage. Google's .NET SDK is not on
/// this project's package feed. A streaming call is answered with the whole response as one update.
/// </summary>
public sealed class GeminiChatClient(HttpClient http, Uri baseUrl, string? apiKey, string defaultModel) : IChatClient
{
    /// <summary>Gemini's signature of the model's reasoning before a function call, sent back with that call.</summary>
    private const string ThoughtSignature = "thoughtSignature";

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var model = options?.ModelId ?? defaultModel;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{baseUrl.AbsoluteUri.TrimEnd('/')}/v1beta/models/{model}:generateContent")
        {
            Content = JsonContent.Create(Request(messages, options)),
        };
        if (!string.IsNullOrWhiteSpace(apiKey))
            request.Headers.Add("x-goog-api-key", apiKey);

        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw ModelProviderException.Answered((int)response.StatusCode, body);
        return Response(JsonNode.Parse(body)!.AsObject(), model);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var update in (await GetResponseAsync(messages, options, cancellationToken)).ToChatResponseUpdates())
            yield return update;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("gemini", baseUrl, defaultModel)
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose() { }

    private static JsonObject Request(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        List<string> instructions = options?.Instructions is { Length: > 0 } given ? [given] : [];
        var contents = new JsonArray();
        var callNames = new Dictionary<string, string>();
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.System)
            {
                instructions.Add(message.Text);
                continue;
            }
            var parts = new JsonArray();
            foreach (var content in message.Contents)
            {
                switch (content)
                {
                    case TextContent { Text.Length: > 0 } text:
                        parts.Add(new JsonObject { ["text"] = text.Text });
                        break;
                    case DataContent data:
                        parts.Add(new JsonObject { ["inlineData"] = new JsonObject { ["mimeType"] = data.MediaType, ["data"] = Convert.ToBase64String(data.Data.Span) } });
                        break;
                    case FunctionCallContent call:
                        callNames[call.CallId] = call.Name;
                        var part = new JsonObject
                        {
                            ["functionCall"] = new JsonObject { ["id"] = call.CallId, ["name"] = call.Name, ["args"] = ToNode(call.Arguments) ?? new JsonObject() },
                        };
                        if (call.AdditionalProperties?.TryGetValue(ThoughtSignature, out var signature) == true)
                            part[ThoughtSignature] = signature?.ToString();
                        parts.Add(part);
                        break;
                    case FunctionResultContent result:
                        parts.Add(new JsonObject
                        {
                            ["functionResponse"] = new JsonObject
                            {
                                ["id"] = result.CallId,
                                ["name"] = callNames.TryGetValue(result.CallId, out var name) ? name
                                    : throw new ArgumentException($"The function result {result.CallId} answers no function call of the conversation.", nameof(messages)),
                                // Gemini takes an object: anything else is wrapped.
                                ["response"] = ToNode(result.Result) switch
                                {
                                    JsonObject answer => answer,
                                    var answer => new JsonObject { ["result"] = answer },
                                },
                            },
                        });
                        break;
                }
            }
            if (parts.Count > 0)
                contents.Add(new JsonObject { ["role"] = message.Role == ChatRole.Assistant ? "model" : "user", ["parts"] = parts });
        }

        var request = new JsonObject { ["contents"] = contents };
        if (instructions.Count > 0)
            request["systemInstruction"] = new JsonObject { ["parts"] = new JsonArray(new JsonObject { ["text"] = string.Join("\n\n", instructions) }) };
        if (options?.Tools?.OfType<AIFunctionDeclaration>().ToList() is { Count: > 0 } functions)
        {
            request["tools"] = new JsonArray(new JsonObject
            {
                ["functionDeclarations"] = new JsonArray([.. functions.Select(f => new JsonObject
                {
                    ["name"] = f.Name,
                    ["description"] = f.Description,
                    ["parametersJsonSchema"] = JsonNode.Parse(f.JsonSchema.GetRawText()),
                })]),
            });
            if (ToolMode(options.ToolMode) is { } mode)
                request["toolConfig"] = new JsonObject { ["functionCallingConfig"] = mode };
        }
        if (GenerationConfig(options) is { Count: > 0 } config)
            request["generationConfig"] = config;
        return request;
    }

    private static JsonObject? ToolMode(ChatToolMode? mode) => mode switch
    {
        NoneChatToolMode => new JsonObject { ["mode"] = "NONE" },
        RequiredChatToolMode { RequiredFunctionName: { } name } => new JsonObject { ["mode"] = "ANY", ["allowedFunctionNames"] = new JsonArray(name) },
        RequiredChatToolMode => new JsonObject { ["mode"] = "ANY" },
        _ => null,
    };

    private static JsonObject GenerationConfig(ChatOptions? options)
    {
        var config = new JsonObject();
        if (options is null)
            return config;
        if (options.Temperature is { } temperature)
            config["temperature"] = temperature;
        if (options.TopP is { } topP)
            config["topP"] = topP;
        if (options.TopK is { } topK)
            config["topK"] = topK;
        if (options.MaxOutputTokens is { } maxOutputTokens)
            config["maxOutputTokens"] = maxOutputTokens;
        if (options.Seed is { } seed)
            config["seed"] = seed;
        if (options.StopSequences is { Count: > 0 } stops)
            config["stopSequences"] = new JsonArray([.. stops.Select(s => JsonValue.Create(s))]);
        if (options.ResponseFormat is ChatResponseFormatJson json)
        {
            config["responseMimeType"] = "application/json";
            if (json.Schema is { } schema)
                config["responseJsonSchema"] = JsonNode.Parse(schema.GetRawText());
        }
        return config;
    }

    private static ChatResponse Response(JsonObject body, string model)
    {
        var candidate = body["candidates"]?.AsArray().FirstOrDefault();
        var contents = new List<AIContent>();
        foreach (var part in candidate?["content"]?["parts"]?.AsArray() ?? [])
        {
            if (part?["functionCall"] is JsonObject call)
            {
                var arguments = call["args"]?.Deserialize<Dictionary<string, object?>>(AIJsonUtilities.DefaultOptions);
                var content = new FunctionCallContent((string?)call["id"] ?? $"call_{Guid.NewGuid():N}", (string)call["name"]!, arguments);
                if ((string?)part[ThoughtSignature] is { } signature)
                    content.AdditionalProperties = new() { [ThoughtSignature] = signature };
                contents.Add(content);
            }
            else if ((string?)part?["text"] is { } text)
                contents.Add((bool?)part["thought"] == true ? new TextReasoningContent(text) : new TextContent(text));
        }

        var usage = body["usageMetadata"];
        long? Count(string name) => (long?)usage?[name];
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, contents))
        {
            ModelId = (string?)body["modelVersion"] ?? model,
            ResponseId = (string?)body["responseId"],
            FinishReason = contents.OfType<FunctionCallContent>().Any() ? ChatFinishReason.ToolCalls : FinishReason((string?)candidate?["finishReason"]),
            Usage = usage is null ? null : new UsageDetails
            {
                InputTokenCount = Count("promptTokenCount"),
                // Thinking is billed as output.
                OutputTokenCount = (Count("candidatesTokenCount") ?? 0) + (Count("thoughtsTokenCount") ?? 0),
                ReasoningTokenCount = Count("thoughtsTokenCount"),
                CachedInputTokenCount = Count("cachedContentTokenCount"),
                TotalTokenCount = Count("totalTokenCount"),
            },
            RawRepresentation = body,
        };
    }

    private static ChatFinishReason? FinishReason(string? reason) => reason switch
    {
        null => null,
        "STOP" => ChatFinishReason.Stop,
        "MAX_TOKENS" => ChatFinishReason.Length,
        "SAFETY" or "RECITATION" or "BLOCKLIST" or "PROHIBITED_CONTENT" or "SPII" or "IMAGE_SAFETY" => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(reason),
    };

    private static JsonNode? ToNode(object? value) => JsonSerializer.SerializeToNode(value, AIJsonUtilities.DefaultOptions);
}
