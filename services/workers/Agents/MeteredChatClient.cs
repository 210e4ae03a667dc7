using Microsoft.Extensions.AI;

namespace CodeTether.Workers.Agents;

/// <summary>
/// Sits under the function-invoking client, so it sees each model call of a run: it refuses a call once the run has used
/// its steps or tokens, and reports every call's usage as soon as the call returns.
/// </summary>
public sealed class MeteredChatClient(IChatClient model, AgentOptions limits, Func<ChatResponse, Task> reportUsage) : DelegatingChatClient(model)
{
    private int steps;
    private long tokens;

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        if (steps >= limits.MaxSteps)
            throw new AgentLimitExceededException(
                $"The agent reached its limit of {limits.MaxSteps} model calls (Agent:MaxSteps) before it finished.");
        if (tokens >= limits.MaxTokens)
            throw new AgentLimitExceededException(
                $"The agent used {tokens} tokens, reaching its limit of {limits.MaxTokens} (Agent:MaxTokens), before it finished.");

        steps++;
        var response = await base.GetResponseAsync(messages, options, cancellationToken);
        tokens += (response.Usage?.InputTokenCount ?? 0) + (response.Usage?.OutputTokenCount ?? 0);
        await reportUsage(response);
        return response;
    }
}
