using CodeTether.Testing;
using CodeTether.Workers.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CodeTether.Tests.Unit.Workers;

public class ModelCatalogTests
{
    private static readonly string[] N8nModels =
        ["claude-sonnet-4", "claude-opus", "claude-haiku", "gpt-4o", "gpt-4.1", "gemini-2.5-pro", "gemini-2.5-flash", "grok-3", "minimax-m2.1", "o3", "o3-mini"];

    private static ModelCatalog Catalog(Dictionary<string, string> catalog, Dictionary<string, ProviderOptions> providers) =>
        new(Options.Create(new ModelOptions { Catalog = catalog, Providers = providers }));

    [Fact]
    public void Entries_name_each_model_with_its_reference_and_provider()
    {
        var catalog = Catalog(new() { ["gpt-4o"] = "openai:gpt-4o", ["grok-3"] = "xai:grok-3" }, []);

        Assert.Equal(
            [new CatalogModel("gpt-4o", "openai:gpt-4o", "openai"), new CatalogModel("grok-3", "xai:grok-3", "xai"), new CatalogModel("simulator", "simulator:simulator", "simulator")],
            catalog.Entries);
    }

    [Fact]
    public void Available_are_the_entries_whose_provider_is_configured_and_the_simulator()
    {
        var catalog = Catalog(
            new() { ["gpt-4o"] = "openai:gpt-4o", ["claude-opus"] = "anthropic:claude-opus-4-1-20250805", ["llama"] = "ollama:llama3.2", ["grok-3"] = "xai:grok-3" },
            new()
            {
                ["openai"] = new ProviderOptions { BaseUrl = new Uri("https://api.openai.com/v1"), ApiKey = "sk-1" },
                ["anthropic"] = new ProviderOptions { BaseUrl = new Uri("https://api.anthropic.com") },
                ["ollama"] = new ProviderOptions { BaseUrl = new Uri("http://localhost:11434/v1"), RequiresApiKey = false },
            });

        Assert.Equal(["gpt-4o", "llama", "simulator"], catalog.Available.Select(m => m.Name));
    }

    [Fact]
    public void Names_and_providers_are_matched_without_regard_to_case()
    {
        var catalog = Catalog(new() { ["gpt-4o"] = "openai:gpt-4o" },
            new() { ["OpenAI"] = new ProviderOptions { BaseUrl = new Uri("https://api.openai.com/v1"), ApiKey = "sk-1" } });

        Assert.Equal(new ModelReference("openai", "gpt-4o"), catalog.Resolve("GPT-4o"));
        Assert.Contains(catalog.Available, m => m.Name == "gpt-4o");
    }

    [Fact]
    public void A_catalogue_entry_that_is_not_a_reference_is_refused_with_its_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Catalog(new() { ["gpt-4o"] = "gpt-4o" }, []));

        Assert.Contains("Models:Catalog:gpt-4o", error.Message);
    }

    [Fact]
    public void The_shipped_catalogue_maps_every_model_of_the_n8n_document_to_a_provider_the_worker_knows()
    {
        var options = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(ServiceProcess.RepositoryRoot, "services", "defaults", "models.json"))
            .AddJsonFile(Path.Combine(ServiceProcess.RepositoryRoot, "services", "workers", "appsettings.json"))
            .Build().GetSection(ModelOptions.Section).Get<ModelOptions>()!;
        var catalog = new ModelCatalog(Options.Create(options));

        foreach (var name in N8nModels)
        {
            var reference = catalog.Resolve(name);
            Assert.True(options.Provider(reference.Provider)?.BaseUrl is not null, $"{name} → {reference}: no provider '{reference.Provider}'");
        }
        Assert.Equal(["simulator"], catalog.Available.Select(m => m.Name));
        Assert.Equal(ModelProtocol.Anthropic, options.Provider("anthropic")!.ProtocolFor("anthropic"));
        Assert.Equal(ModelProtocol.Gemini, options.Provider("google")!.ProtocolFor("google"));
    }
}
