namespace CodeTether.Workers.Models;

/// <summary>The <c>Models</c> configuration section: friendly names, how to reach each provider, and how calls are retried.</summary>
public class ModelOptions
{
    public const string Section = "Models";

    /// <summary>Friendly name (as in the n8n document) → <c>provider:model</c>.</summary>
    public Dictionary<string, string> Catalog { get; set; } = [];

    public Dictionary<string, ProviderOptions> Providers { get; set; } = [];

    public ModelRetryOptions Retry { get; set; } = new();

    /// <summary>The provider's settings; provider names are matched without regard to case, as configuration keys are.</summary>
    public ProviderOptions? Provider(string name) =>
        Providers.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}

public class ProviderOptions
{
    /// <summary>
    /// Where the provider's API is: for <c>openai</c> the chat-completions base (https://api.openai.com/v1,
    /// http://localhost:11434/v1), for <c>anthropic</c> and <c>gemini</c> the host (https://api.anthropic.com,
    /// https://generativelanguage.googleapis.com).
    /// </summary>
    public Uri? BaseUrl { get; set; }
    public string? ApiKey { get; set; }
    /// <summary>Local servers such as Ollama or vLLM need no key.</summary>
    public bool RequiresApiKey { get; set; } = true;
    /// <summary>The wire protocol the provider speaks; by default <c>anthropic</c> for the provider named anthropic, <c>gemini</c> for google, else <c>openai</c>.</summary>
    public ModelProtocol? Protocol { get; set; }
    /// <summary>The answer length asked for when the caller sets none: the Anthropic Messages API requires one.</summary>
    public int DefaultMaxOutputTokens { get; set; } = 8192;

    public bool IsConfigured => BaseUrl is not null && (!RequiresApiKey || !string.IsNullOrWhiteSpace(ApiKey));

    public ModelProtocol ProtocolFor(string providerName) => Protocol ?? providerName.ToLowerInvariant() switch
    {
        "anthropic" => ModelProtocol.Anthropic,
        "google" or "gemini" => ModelProtocol.Gemini,
        _ => ModelProtocol.OpenAI,
    };
}
