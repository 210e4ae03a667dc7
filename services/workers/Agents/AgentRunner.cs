using System.ClientModel;
using CodeTether.Contracts.Billing;
using CodeTether.Contracts.Tasks;
using CodeTether.Workers.Models;
using MassTransit;
using Microsoft.Extensions.AI;

namespace CodeTether.Workers.Agents;

/// <summary>Runs the agent of a task against its model and reports the tokens each model call used.</summary>
public class AgentRunner(ChatClientProvider models, TimeProvider clock, ILogger<AgentRunner> logger)
{
    public async Task<AgentOutcome> RunAsync(TaskQueued task, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        try
        {
            var model = models.Resolve(task.Model);
            var client = models.ClientFor(model);
            List<ChatMessage> conversation =
            [
                new(ChatRole.System, SystemPrompt(task.AgentType)),
                new(ChatRole.User, task.Prompt),
            ];
            var response = await client.GetResponseAsync(conversation, new ChatOptions { ModelId = model.Model }, cancellationToken);
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
            return string.IsNullOrWhiteSpace(response.Text)
                ? AgentOutcome.Failed($"The model {model} returned an empty answer.")
                : AgentOutcome.Succeeded(response.Text);
        }
        catch (ModelNotAvailableException e)
        {
            return AgentOutcome.Failed(e.Message);
        }
        catch (ClientResultException e)
        {
            logger.LogWarning(e, "Model call for task {TaskId} failed", task.TaskId);
            return AgentOutcome.Failed($"The model provider answered {e.Status}: {e.Message}");
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning(e, "Model provider unreachable for task {TaskId}", task.TaskId);
            return AgentOutcome.Failed($"The model provider could not be reached: {e.Message}");
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
