using System.Text.Json;
using CodeTether.Workers.Tools;
using Microsoft.Extensions.AI;

namespace CodeTether.Workers.Agents;

/// <summary>
/// The tool-calling loop of one run. Microsoft.Extensions.AI's <see cref="FunctionInvokingChatClient"/> calls the tools
/// the model asks for and sends the results back, until the model answers or calls a tool it cannot invoke (ask_user, a
/// declaration only); a <see cref="MeteredChatClient"/> under it enforces the steps and tokens, and a timer the duration.
/// </summary>
public sealed class AgentLoop(IChatClient model, AgentOptions limits, Func<ChatResponse, Task> reportUsage)
{
    public async Task<ChatResponse> RunAsync(IEnumerable<ChatMessage> conversation, ChatOptions options, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limits.MaxDuration);
        // Not disposed: that would dispose the provider's shared client under it.
        var loop = new FunctionInvokingChatClient(new MeteredChatClient(model, limits, reportUsage))
        {
            // The meter's limits end the loop; the client's own would end it silently, with a tool call as the answer.
            MaximumIterationsPerRequest = int.MaxValue,
            MaximumConsecutiveErrorsPerRequest = int.MaxValue,
            IncludeDetailedErrors = true,
            FunctionInvoker = InvokeToolAsync,
        };
        try
        {
            return await loop.GetResponseAsync(conversation, options, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new AgentLimitExceededException($"The agent did not finish within its time limit of {limits.MaxDuration} (Agent:MaxDuration).");
        }
    }

    /// <summary>
    /// A tool's text goes to the model as it is, not as a JSON string literal; what went wrong in a tool goes back as the
    /// tool's result too, for the model to try otherwise.
    /// </summary>
    private static async ValueTask<object?> InvokeToolAsync(FunctionInvocationContext context, CancellationToken cancellationToken)
    {
        try
        {
            var result = await context.Function.InvokeAsync(context.Arguments, cancellationToken);
            return result is JsonElement { ValueKind: JsonValueKind.String } text ? text.GetString() : result;
        }
        catch (Exception e) when (e is ToolException or IOException or UnauthorizedAccessException && !cancellationToken.IsCancellationRequested)
        {
            return $"Error: {e.Message}";
        }
    }
}
