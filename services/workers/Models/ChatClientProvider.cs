using System.ClientModel;
using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace CodeTether.Workers.Models;

/// <summary>
/// Resolves a task's model (a friendly name or a <c>provider:model</c> reference) to a chat client over HTTP.
/// The <c>simulator</c> provider answers offline and is used only when a task names it.
/// </summary>
public class ChatClientProvider(IOptions<ModelOptions> options)
{
    public const string SimulatorProvider = "simulator";
    private readonly ConcurrentDictionary<ModelReference, IChatClient> clients = new();

    public ModelReference Resolve(string model)
    {
        if (options.Value.Catalog.TryGetValue(model, out var mapped))
            model = mapped;
        if (!ModelReference.TryParse(model, out var reference))
            throw new ModelNotAvailableException(
                $"Unknown model '{model}'. Use a name from GET /v1/models or a provider:model reference such as openai:gpt-4o.");
        return reference;
    }

    public IChatClient ClientFor(ModelReference reference) => clients.GetOrAdd(reference, Create);

    private IChatClient Create(ModelReference reference)
    {
        if (reference.Provider == SimulatorProvider)
            return new SimulatorChatClient();

        var provider = options.Value.Providers.GetValueOrDefault(reference.Provider);
        if (provider is not { IsConfigured: true })
        {
            var prefix = $"Models__Providers__{reference.Provider}__";
            throw new ModelNotAvailableException(
                $"Model {reference} needs the provider '{reference.Provider}', which this worker has not configured. " +
                $"Set {prefix}ApiKey (and {prefix}BaseUrl for an OpenAI-compatible endpoint of your own, " +
                $"with {prefix}RequiresApiKey=false for a local server such as Ollama or vLLM).");
        }

        var openAi = new OpenAIClient(
            new ApiKeyCredential(string.IsNullOrWhiteSpace(provider.ApiKey) ? "none" : provider.ApiKey),
            new OpenAIClientOptions { Endpoint = provider.BaseUrl, NetworkTimeout = provider.Timeout });
        return openAi.GetChatClient(reference.Model).AsIChatClient();
    }
}
