using CodeTether.Workers.Models;
using Microsoft.Extensions.Options;

namespace CodeTether.Tests.Unit.Workers;

public class ModelResolutionTests
{
    private readonly ChatClientProvider provider = new(Options.Create(new ModelOptions
    {
        Catalog = { ["gpt-4o"] = "openai:gpt-4o", ["claude-sonnet-4"] = "anthropic:claude-sonnet-4-20250514" },
        Providers = { ["openai"] = new ProviderOptions { BaseUrl = new Uri("http://127.0.0.1:1/v1"), ApiKey = "k" } },
    }));

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
        Assert.IsType<SimulatorChatClient>(provider.ClientFor(new ModelReference("simulator", "simulator")));
}
