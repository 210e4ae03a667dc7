using System.Text.Json.Nodes;

namespace CodeTether.Testing;

/// <summary>One request of a scripted conversation: the how-manieth (from 0) and the messages the worker sent.</summary>
public sealed record ScriptedCall(int Index, JsonArray Messages)
{
    /// <summary>The contents of the <c>role: "tool"</c> messages, oldest first.</summary>
    public IReadOnlyList<string> ToolResults =>
        Messages.Where(m => (string?)m!["role"] == "tool").Select(m => FakeOpenAiServer.Text(m!["content"])).ToList();

    public string LastToolResult => ToolResults[^1];

    /// <summary>The text of the last user message: the prompt, or the user's latest answer.</summary>
    public string LastUserMessage => FakeOpenAiServer.Text(Messages.Last(m => (string?)m!["role"] == "user")!["content"]);
}

/// <summary>What a scripted model answers: tool calls for the worker to run, or (with none) a final answer.</summary>
public sealed record ScriptedReply(string? Answer, IReadOnlyList<(string Name, object Arguments)> ToolCalls)
{
    public static ScriptedReply Say(string answer) => new(answer, []);

    public static ScriptedReply Call(string tool, object arguments) => new(null, [(tool, arguments)]);
}
