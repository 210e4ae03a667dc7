namespace CodeTether.Workers.Models;

/// <summary>The <c>Models</c> configuration section: friendly names and how to reach each provider.</summary>
public class ModelOptions
{
    public const string Section = "Models";

    /// <summary>Friendly name (as in the n8n document) → <c>provider:model</c>.</summary>
    public Dictionary<string, string> Catalog { get; set; } = [];

    public Dictionary<string, ProviderOptions> Providers { get; set; } = [];
}

public class ProviderOptions
{
    /// <summary>An OpenAI-compatible chat-completions endpoint, e.g. https://api.openai.com/v1 or http://localhost:11434/v1.</summary>
    public Uri? BaseUrl { get; set; }
    public string? ApiKey { get; set; }
    /// <summary>Local servers such as Ollama or vLLM need no key.</summary>
    public bool RequiresApiKey { get; set; } = true;
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    public bool IsConfigured => BaseUrl is not null && (!RequiresApiKey || !string.IsNullOrWhiteSpace(ApiKey));
}
