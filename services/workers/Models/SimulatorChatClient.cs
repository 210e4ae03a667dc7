using Microsoft.Extensions.AI;

namespace CodeTether.Workers.Models;

/// <summary>
/// An offline model for trying every flow without provider keys. It answers deterministically from the prompt,
/// reports token usage like a real provider, and is used only when a task names <c>simulator</c>.
/// </summary>
public sealed class SimulatorChatClient : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var conversation = messages.ToList();
        var prompt = conversation.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        var answer = $"Simulated answer (model: simulator). You asked: {prompt}";
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, answer))
        {
            ModelId = "simulator",
            Usage = new UsageDetails
            {
                InputTokenCount = conversation.Sum(m => CountTokens(m.Text)),
                OutputTokenCount = CountTokens(answer),
            },
        };
        return Task.FromResult(response);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The simulator does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() { }

    private static long CountTokens(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
}
