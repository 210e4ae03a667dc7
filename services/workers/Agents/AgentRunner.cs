using System.Text.Json;
using CodeTether.Contracts.Billing;
using CodeTether.Contracts.Tasks;
using CodeTether.Workers.Models;
using MassTransit;
using Microsoft.Extensions.AI;

namespace CodeTether.Workers.Agents;

/// <summary>
/// Runs the agent of a task against its model and reports the tokens each model call used. The agent may ask the user
/// a question through the <c>ask_user</c> tool; its earlier questions and the user's answers are replayed as the
/// conversation so far.
/// </summary>
public class AgentRunner(ChatClientProvider models, TimeProvider clock, ILogger<AgentRunner> logger)
{
    public const string AskUserTool = "ask_user";

    private static readonly AIFunctionDeclaration AskUser = AIFunctionFactory.CreateDeclaration(AskUserTool,
        "Ask the user a clarifying question when the request cannot be completed without their answer. The task pauses until they answer.",
        JsonDocument.Parse("""
            {"type":"object","properties":{"question":{"type":"string","description":"The question for the user."}},"required":["question"]}
            """).RootElement);

    public async Task<AgentOutcome> RunAsync(RunTask task, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        try
        {
            var model = models.Resolve(task.Model);
            var client = models.ClientFor(model);
            List<ChatMessage> conversation =
            [
                new(ChatRole.System, SystemPrompt(task.AgentType)),
                .. task.History.Select(m => new ChatMessage(m.Role == ConversationMessage.Assistant ? ChatRole.Assistant : ChatRole.User, m.Content)),
                new(ChatRole.User, task.Prompt),
                .. task.Exchanges.SelectMany(e => new[] { new ChatMessage(ChatRole.Assistant, e.Question), new ChatMessage(ChatRole.User, e.Answer) }),
            ];
            var response = await client.GetResponseAsync(conversation, new ChatOptions { ModelId = model.Model, Tools = [AskUser] }, cancellationToken);
            await publisher.Publish(new UsageRecorded
            {
                UsageId = NewId.NextGuid(),
                TenantId = task.TenantId,
                TaskId = task.TaskId,
                Model = model.ToString(),
                InputTokens = response.Usage?.InputTokenCount ?? 0,
                CachedInputTokens = response.Usage?.CachedInputTokenCount ?? 0,
                OutputTokens = response.Usage?.OutputTokenCount ?? 0,
                RecordedAt = clock.GetUtcNow(),
            }, cancellationToken);
            if (response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().FirstOrDefault(c => c.Name == AskUserTool) is { } ask)
                return (ask.Arguments?.TryGetValue("question", out var text) == true ? text?.ToString() : null) is { Length: > 0 } question
                    ? new AgentOutcome.Asked(question)
                    : new AgentOutcome.Failed($"The model {model} asked the user a question without its text.");
            return string.IsNullOrWhiteSpace(response.Text)
                ? new AgentOutcome.Failed($"The model {model} returned an empty answer.")
                : new AgentOutcome.Answered(response.Text);
        }
        catch (ModelNotAvailableException e)
        {
            return new AgentOutcome.Failed(e.Message);
        }
        catch (ModelProviderException e)
        {
            logger.LogWarning(e, "Model call for task {TaskId} failed", task.TaskId);
            return new AgentOutcome.Failed(e.Message);
        }
    }

    private static string SystemPrompt(string agentType) => agentType switch
    {
        "plan" => "You are CodeTether's planning agent. Produce a clear, numbered plan for the user's request.",
        "explore" => "You are CodeTether's exploration agent. Investigate the user's question and report what you find.",
        "build" => "You are CodeTether's build agent. Carry out the user's request and report what you did.",
        _ => "You are CodeTether's general-purpose agent. Answer the user's request completely and precisely.",
    };
}
