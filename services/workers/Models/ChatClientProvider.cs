using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using Anthropic;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace CodeTether.Workers.Models;

/// <summary>
/// Resolves a task's model (a friendly name or a <c>provider:model</c> reference) to a chat client over HTTP, speaking the
/// provider's protocol: OpenAI chat completions, Anthropic Messages or Gemini generateContent. Every client sends through
/// <see cref="HttpClientName"/>, whose resilience handler is the only retry policy (the SDKs' own retries are off), and
/// fails with a <see cref="ModelProviderException"/>. The <c>simulator</c> provider answers offline and is used only when
/// a task names it.
/// </summary>
public class ChatClientProvider(IOptions<ModelOptions> options, ModelCatalog catalog, IHttpClientFactory httpClients)
{
    public const string HttpClientName = "model-providers";
    private readonly ConcurrentDictionary<ModelReference, IChatClient> clients = new();

    public ModelReference Resolve(string model) => catalog.Resolve(model);

    public IChatClient ClientFor(ModelReference reference) => clients.GetOrAdd(reference, Create);

    private IChatClient Create(ModelReference reference)
    {
        if (reference.Provider == ModelCatalog.Simulator)
            return new SimulatorChatClient();

        var provider = options.Value.Provider(reference.Provider);
        if (provider is not { IsConfigured: true })
        {
            var prefix = $"Models__Providers__{reference.Provider}__";
            throw new ModelNotAvailableException(
                $"Model {reference} needs the provider '{reference.Provider}', which this worker has not configured. " +
                $"Set {prefix}ApiKey (and for an endpoint of your own {prefix}BaseUrl and {prefix}Protocol: openai, anthropic or gemini; " +
                $"with {prefix}RequiresApiKey=false for a local server such as Ollama or vLLM).");
        }

        var http = httpClients.CreateClient(HttpClientName);
        // Keyless local servers still get a placeholder: the SDKs refuse to send without one.
        var apiKey = string.IsNullOrWhiteSpace(provider.ApiKey) ? "none" : provider.ApiKey;
        var client = provider.ProtocolFor(reference.Provider) switch
        {
            ModelProtocol.Anthropic => new AnthropicClient
            {
                BaseUrl = provider.BaseUrl!.AbsoluteUri.TrimEnd('/'),
                ApiKey = apiKey,
                HttpClient = http,
                MaxRetries = 0,
                Timeout = Timeout.InfiniteTimeSpan,
            }.AsIChatClient(reference.Model, provider.DefaultMaxOutputTokens),
            ModelProtocol.Gemini => new GeminiChatClient(http, provider.BaseUrl!, provider.ApiKey, reference.Model),
            _ => new OpenAIClient(new ApiKeyCredential(apiKey), new OpenAIClientOptions
            {
                Endpoint = provider.BaseUrl,
                Transport = new HttpClientPipelineTransport(http),
                RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                NetworkTimeout = Timeout.InfiniteTimeSpan,
            }).GetChatClient(reference.Model).AsIChatClient(),
        };
        return new ProviderErrorChatClient(client, options.Value.Retry.AttemptTimeout);
    }
}
