using CodeTether.Testing;
using CodeTether.Workers.Models;
using Microsoft.Extensions.AI;

namespace CodeTether.Tests.Integration.Workers;

public class GeminiProtocolTests : ProviderProtocolTests
{
    private FakeGeminiServer server = null!;

    protected override (string Provider, string Protocol, string Model) Target => ("google", "gemini", "gemini-2.5-flash");

    protected override async Task<(Uri BaseUrl, string ApiKey)> StartFakeAsync()
    {
        server = await FakeGeminiServer.StartAsync();
        return (server.BaseUrl, FakeGeminiServer.ApiKey);
    }

    protected override ScriptedFailures Failures => server.Failures;

    protected override void AskUntilAnswered() => server.Ask = request =>
        request["contents"]!.AsArray().SelectMany(c => c!["parts"]!.AsArray()).Any(p => p!["functionResponse"] is not null) ? null : Question;

    protected override void AssertToolResultSent(string callId)
    {
        var request = server.Requests.Last();
        var declaration = request["tools"]![0]!["functionDeclarations"]![0]!;
        Assert.Equal("ask_user", (string?)declaration["name"]);
        Assert.Equal("object", (string?)declaration["parametersJsonSchema"]!["type"]);
        var contents = request["contents"]!.AsArray();
        Assert.Equal("model", (string?)contents[^2]!["role"]);
        var call = Assert.Single(contents[^2]!["parts"]!.AsArray());
        Assert.Equal("ask_user", (string?)call!["functionCall"]!["name"]);
        Assert.Equal(callId, (string?)call["functionCall"]!["id"]);
        Assert.Equal(FakeGeminiServer.Signature, (string?)call["thoughtSignature"]);
        Assert.Equal("user", (string?)contents[^1]!["role"]);
        var response = Assert.Single(contents[^1]!["parts"]!.AsArray())!["functionResponse"]!;
        Assert.Equal("ask_user", (string?)response["name"]);
        Assert.Equal(callId, (string?)response["id"]);
        Assert.Equal(ToolResult, (string?)response["response"]!["result"]);
    }

    [Fact]
    public async Task System_messages_become_the_system_instruction()
    {
        var client = Models.ClientFor(new ModelReference("google", "gemini-2.5-pro"));

        await client.GetResponseAsync([new(ChatRole.System, "Be brief."), new(ChatRole.User, Prompt)]);

        var request = server.Requests.Last();
        Assert.Equal("Be brief.", (string?)request["systemInstruction"]!["parts"]![0]!["text"]);
        var content = Assert.Single(request["contents"]!.AsArray());
        Assert.Equal("user", (string?)content!["role"]);
    }

    protected override ValueTask StopFakeAsync() => server.DisposeAsync();
}
