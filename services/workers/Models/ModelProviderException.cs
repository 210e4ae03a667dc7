using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace CodeTether.Workers.Models;

/// <summary>
/// A model call failed after its retries, whatever the protocol: the provider answered with an error (its status and its
/// own message), could not be reached, or did not answer in time. The message is meant for the task's user.
/// </summary>
public class ModelProviderException(string message, int? status, Exception? inner = null) : Exception(message, inner)
{
    private const int MaxMessageLength = 500;

    /// <summary>The provider's HTTP status, or null when it gave no answer.</summary>
    public int? Status { get; } = status;

    public static ModelProviderException Answered(int status, string? body, Exception? inner = null) =>
        new($"The model provider answered {status} ({ReasonPhrases.GetReasonPhrase(status)}): {ProviderMessage(body)}", status, inner);

    public static ModelProviderException Unreachable(HttpRequestException error) =>
        new($"The model provider could not be reached: {error.Message}", null, error);

    public static ModelProviderException TimedOut(TimeSpan attemptTimeout, Exception error) =>
        new($"The model provider did not answer within {attemptTimeout} (Models:Retry:AttemptTimeout).", null, error);

    /// <summary>
    /// The provider's own words: <c>error.message</c> in OpenAI's, Anthropic's and Google's error bodies, or <c>error</c>
    /// when it is a string (Ollama); otherwise the body itself.
    /// </summary>
    private static string ProviderMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
            return "(no message)";
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                    return Shorten(error.GetString()!);
                if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                    return Shorten(message.GetString()!);
            }
        }
        catch (JsonException)
        {
        }
        return Shorten(body.Trim());
    }

    private static string Shorten(string text) => text.Length <= MaxMessageLength ? text : text[..MaxMessageLength] + "…";
}
