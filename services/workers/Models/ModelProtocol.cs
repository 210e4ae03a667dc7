namespace CodeTether.Workers.Models;

/// <summary>The wire protocols workers speak to model providers (<c>Models:Providers:&lt;name&gt;:Protocol</c>).</summary>
public enum ModelProtocol
{
    /// <summary>OpenAI chat completions, which OpenRouter, xAI, MiniMax, Ollama, vLLM and others also speak.</summary>
    OpenAI,
    /// <summary>Anthropic's Messages API.</summary>
    Anthropic,
    /// <summary>Google Gemini's generateContent API.</summary>
    Gemini,
}
