using System.Text.Json.Nodes;
using CodeTether.Testing;

namespace CodeTether.Tests.Integration.Workers;

public class AnthropicProtocolTests : ProviderProtocolTests
{
    private FakeAnthropicServer server = null!;

    protected override (string Provider, string Protocol, string Model) Target => ("anthropic", "anthropic", "claude-sonnet-4-20250514");

    protected override async Task<(Uri BaseUrl, string ApiKey)> StartFakeAsync()
    {
        server = await FakeAnthropicServer.StartAsync();
        return (server.BaseUrl, FakeAnthropicServer.ApiKey);
    }

    protected override ScriptedFailures Failures => server.Failures;

    protected override void AskUntilAnswered() => server.Ask = request =>
        request["messages"]!.AsArray().Any(m => m!["content"] is JsonArray blocks && blocks.Any(b => (string?)b!["type"] == "tool_result"))
            ? null
            : Question;

    protected override void AssertToolResultSent(string callId)
    {
        var request = server.Requests.Last();
        Assert.Equal("claude-sonnet-4-20250514", (string?)request["model"]);
        Assert.True((int?)request["max_tokens"] > 0);
        var messages = request["messages"]!.AsArray();
        var toolUse = Assert.Single(messages[^2]!["content"]!.AsArray(), b => (string?)b!["type"] == "tool_use");
        Assert.Equal("assistant", (string?)messages[^2]!["role"]);
        Assert.Equal(callId, (string?)toolUse!["id"]);
        Assert.Equal("ask_user", (string?)toolUse["name"]);
        var result = Assert.Single(messages[^1]!["content"]!.AsArray());
        Assert.Equal("user", (string?)messages[^1]!["role"]);
        Assert.Equal("tool_result", (string?)result!["type"]);
        Assert.Equal(callId, (string?)result["tool_use_id"]);
        Assert.Contains(ToolResult, FakeAnthropicServer.Text(result["content"]));
    }

    protected override ValueTask StopFakeAsync() => server.DisposeAsync();
}
