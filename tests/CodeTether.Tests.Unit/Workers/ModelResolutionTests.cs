using CodeTether.Workers.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CodeTether.Tests.Unit.Workers;

public class ModelResolutionTests
{
    private readonly ChatClientProvider provider;

    public ModelResolutionTests()
    {
        var options = Options.Create(new ModelOptions
        {
            Catalog = { ["gpt-4o"] = "openai:gpt-4o", ["claude-sonnet-4"] = "anthropic:claude-sonnet-4-20250514" },
            Providers = { ["openai"] = new ProviderOptions { BaseUrl = new Uri("http://127.0.0.1:1/v1"), ApiKey = "k" } },
        });
        var httpClients = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        provider = new ChatClientProvider(options, new ModelCatalog(options), httpClients);
    }

    [Fact]
    public void Friendly_names_resolve_through_the_catalogue() =>
        Assert.Equal(new ModelReference("openai", "gpt-4o"), provider.Resolve("gpt-4o"));

    [Fact]
    public void Provider_references_pass_through() =>
        Assert.Equal(new ModelReference("openrouter", "meta/llama-3:70b"), provider.Resolve("openrouter:meta/llama-3:70b"));

    [Fact]
    public void An_unknown_name_says_how_to_name_a_model() =>
        Assert.Contains("provider:model", Assert.Throws<ModelNotAvailableException>(() => provider.Resolve("gpt-17")).Message);

    [Fact]
    public void A_provider_without_configuration_says_what_to_set()
    {
        var error = Assert.Throws<ModelNotAvailableException>(() => provider.ClientFor(provider.Resolve("claude-sonnet-4")));
        Assert.Contains("Models__Providers__anthropic__ApiKey", error.Message);
    }

    [Fact]
    public void The_simulator_is_offline_and_needs_no_configuration() =>
        Assert.IsType<SimulatorChatClient>(provider.ClientFor(provider.Resolve("simulator")));

    [Theory]
    [InlineData("anthropic", ModelProtocol.Anthropic)]
    [InlineData("google", ModelProtocol.Gemini)]
    [InlineData("openai", ModelProtocol.OpenAI)]
    [InlineData("ollama", ModelProtocol.OpenAI)]
    [InlineData("openrouter", ModelProtocol.OpenAI)]
    public void A_provider_s_protocol_defaults_by_its_name(string name, ModelProtocol protocol) =>
        Assert.Equal(protocol, new ProviderOptions().ProtocolFor(name));

    [Fact]
    public void A_configured_protocol_wins_over_the_name() =>
        Assert.Equal(ModelProtocol.Anthropic, new ProviderOptions { Protocol = ModelProtocol.Anthropic }.ProtocolFor("claude-proxy"));
}
