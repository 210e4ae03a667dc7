using System.Net;
using System.Net.Sockets;
using CodeTether.Testing;
using CodeTether.Workers.Models;
using Microsoft.Extensions.AI;

namespace CodeTether.Tests.Integration.Workers;

/// <summary>What an operator configures: providers of their own by name, protocol and address, and what is missing.</summary>
public class ModelProviderConfigurationTests
{
    [Fact]
    public async Task A_provider_of_the_operator_s_own_speaks_OpenAI_unless_configured_otherwise()
    {
        await using var openAi = await FakeOpenAiServer.StartAsync();
        await using var anthropic = await FakeAnthropicServer.StartAsync();
        using var host = ModelProviderHost.Build(new Dictionary<string, string?>
        {
            ["Models:Providers:acme:BaseUrl"] = openAi.BaseUrl.ToString(),
            ["Models:Providers:acme:ApiKey"] = FakeOpenAiServer.ApiKey,
            ["Models:Providers:claude-proxy:BaseUrl"] = anthropic.BaseUrl.ToString(),
            ["Models:Providers:claude-proxy:ApiKey"] = FakeAnthropicServer.ApiKey,
            ["Models:Providers:claude-proxy:Protocol"] = "anthropic",
            ["Models:Catalog:acme-large"] = "acme:large-2",
        });

        var acme = await host.Models().ClientFor(host.Models().Resolve("acme-large")).GetResponseAsync("Hello acme");
        var proxied = await host.Models().ClientFor(host.Models().Resolve("claude-proxy:claude-haiku-4-5")).GetResponseAsync("Hello proxy");

        Assert.Equal("Fake model answer to: Hello acme", acme.Text);
        Assert.Equal("large-2", (string?)Assert.Single(openAi.Requests)["model"]);
        Assert.Equal("Fake model answer to: Hello proxy", proxied.Text);
        Assert.Equal("claude-haiku-4-5", (string?)Assert.Single(anthropic.Requests)["model"]);
    }

    [Fact]
    public void A_provider_that_is_not_configured_says_which_settings_to_set()
    {
        using var host = ModelProviderHost.Build(new Dictionary<string, string?>());

        var error = Assert.Throws<ModelNotAvailableException>(() => host.Models().ClientFor(host.Models().Resolve("mistral:mistral-large")));

        Assert.Contains("Models__Providers__mistral__ApiKey", error.Message);
        Assert.Contains("Models__Providers__mistral__BaseUrl", error.Message);
        Assert.Contains("Models__Providers__mistral__Protocol", error.Message);
    }

    [Fact]
    public void A_provider_with_an_address_but_no_key_is_not_configured()
    {
        using var host = ModelProviderHost.Build(new Dictionary<string, string?> { ["Models:Providers:anthropic:BaseUrl"] = "https://api.anthropic.com" });

        var error = Assert.Throws<ModelNotAvailableException>(() => host.Models().ClientFor(new ModelReference("anthropic", "claude-haiku-4-5")));

        Assert.Contains("Models__Providers__anthropic__ApiKey", error.Message);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    [InlineData("gemini")]
    public async Task A_provider_that_cannot_be_reached_fails_after_the_last_attempt_saying_so(string protocol)
    {
        using var host = ModelProviderHost.Build(new Dictionary<string, string?>
        {
            ["Models:Providers:local:BaseUrl"] = $"http://127.0.0.1:{ClosedPort()}/v1",
            ["Models:Providers:local:RequiresApiKey"] = "false",
            ["Models:Providers:local:Protocol"] = protocol,
        });

        var error = await Assert.ThrowsAsync<ModelProviderException>(() =>
            host.Models().ClientFor(new ModelReference("local", "some-model")).GetResponseAsync("Anyone there?"));

        Assert.Null(error.Status);
        Assert.StartsWith("The model provider could not be reached:", error.Message);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
