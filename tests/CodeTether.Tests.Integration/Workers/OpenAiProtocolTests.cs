using CodeTether.Testing;

namespace CodeTether.Tests.Integration.Workers;

public class OpenAiProtocolTests : ProviderProtocolTests
{
    private FakeOpenAiServer server = null!;

    protected override (string Provider, string Protocol, string Model) Target => ("openai", "openai", "gpt-4o");

    protected override async Task<(Uri BaseUrl, string ApiKey)> StartFakeAsync()
    {
        server = await FakeOpenAiServer.StartAsync();
        return (server.BaseUrl, FakeOpenAiServer.ApiKey);
    }

    protected override ScriptedFailures Failures => server.Failures;

    protected override void AskUntilAnswered() => server.Ask = messages => messages.Any(m => (string?)m!["role"] == "tool") ? null : Question;

    protected override void AssertToolResultSent(string callId)
    {
        var messages = server.Requests.Last()["messages"]!.AsArray();
        var call = Assert.Single(messages[^2]!["tool_calls"]!.AsArray());
        Assert.Equal(callId, (string?)call!["id"]);
        Assert.Equal("ask_user", (string?)call["function"]!["name"]);
        Assert.Equal("tool", (string?)messages[^1]!["role"]);
        Assert.Equal(callId, (string?)messages[^1]!["tool_call_id"]);
        Assert.Equal(ToolResult, messages[^1]!["content"]!.ToString());
    }

    protected override ValueTask StopFakeAsync() => server.DisposeAsync();
}
