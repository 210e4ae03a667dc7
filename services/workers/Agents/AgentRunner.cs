using System.Text.Json;
using CodeTether.Contracts.Billing;
using CodeTether.Contracts.Tasks;
using CodeTether.Workers.Codebases;
using CodeTether.Workers.Models;
using CodeTether.Workers.Tools;
using MassTransit;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace CodeTether.Workers.Agents;

/// <summary>
/// Runs the agent of a task: its type's instructions and tools over the task's codebase, in a tool-calling loop with
/// limits, reporting the tokens of each model call. The agent may ask the user a question through the <c>ask_user</c>
/// tool; its earlier questions and the user's answers are replayed as the conversation so far.
/// </summary>
public class AgentRunner(ChatClientProvider models, LocalCodebases codebases, WorkerIdentity worker, IOptions<AgentOptions> options,
    TimeProvider clock, ILogger<AgentRunner> logger)
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
            if (!AgentTypes.All.Contains(task.AgentType))
                return new AgentOutcome.Failed($"Unknown agent type '{task.AgentType}'. Use one of: {string.Join(", ", AgentTypes.All)}.");
            var model = models.Resolve(task.Model);
            var client = models.ClientFor(model);
            var (codebase, error) = Codebase(task);
            if (error is not null)
                return new AgentOutcome.Failed(error);

            List<ChatMessage> conversation =
            [
                new(ChatRole.System, task.Instructions ?? AgentTypes.Instructions(task.AgentType, codebase)),
                .. task.History.Select(m => new ChatMessage(m.Role == ConversationMessage.Assistant ? ChatRole.Assistant : ChatRole.User, m.Content)),
                new(ChatRole.User, task.Prompt),
                .. task.Exchanges.SelectMany(e => new[] { new ChatMessage(ChatRole.Assistant, e.Question), new ChatMessage(ChatRole.User, e.Answer) }),
            ];
            var loop = new AgentLoop(client, options.Value, response => publisher.Publish(Usage(task, model, response)));
            var response = await loop.RunAsync(conversation, new ChatOptions { ModelId = model.Model, Tools = Tools(task.AgentType, codebase) }, cancellationToken);

            var answer = response.Messages.LastOrDefault(m => m.Role == ChatRole.Assistant);
            if (answer?.Contents.OfType<FunctionCallContent>().FirstOrDefault(c => c.Name == AskUserTool) is { } ask)
                return (ask.Arguments?.TryGetValue("question", out var text) == true ? text?.ToString() : null) is { Length: > 0 } question
                    ? new AgentOutcome.Asked(question)
                    : new AgentOutcome.Failed($"The model {model} asked the user a question without its text.");
            return string.IsNullOrWhiteSpace(answer?.Text)
                ? new AgentOutcome.Failed($"The model {model} returned an empty answer.")
                : new AgentOutcome.Answered(answer.Text);
        }
        catch (Exception e) when (e is ModelNotAvailableException or AgentLimitExceededException or DirectoryNotFoundException)
        {
            return new AgentOutcome.Failed(e.Message);
        }
        catch (ModelProviderException e)
        {
            logger.LogWarning(e, "Model call for task {TaskId} failed", task.TaskId);
            return new AgentOutcome.Failed(e.Message);
        }
    }

    /// <summary>
    /// The codebase the agent works in. A general agent needs none and ignores it; explore and plan run without file tools
    /// when the task names none; build needs one. A codebase this worker does not have is an error for all but general.
    /// </summary>
    private (LocalCodebase? Codebase, string? Error) Codebase(RunTask task)
    {
        if (task.AgentType == AgentTypes.General)
            return (null, null);
        if (task.CodebaseId is null)
            return task.AgentType == AgentTypes.Build
                ? (null, "A build agent needs a codebase: create the task with a codebase_id (GET /v1/codebases lists them).")
                : (null, null);
        return codebases.Find(task.CodebaseId) is { } codebase
            ? (codebase, null)
            : (null, $"The codebase '{task.CodebaseId}' is not on this worker (agent {worker.AgentName}, worker {worker.Id}).");
    }

    private List<AITool> Tools(string agentType, LocalCodebase? codebase)
    {
        if (codebase is null)
            return [AskUser];
        var directory = new CodebaseDirectory(codebase.Path);
        var files = new FileTools(directory, options.Value.Tools);
        return agentType == AgentTypes.Build
            ? [AskUser, .. files.ReadOnly(), .. files.Editing(), new CommandTool(directory, options.Value.Tools).AsFunction()]
            : [AskUser, .. files.ReadOnly()];
    }

    private UsageRecorded Usage(RunTask task, ModelReference model, ChatResponse response) => new()
    {
        UsageId = NewId.NextGuid(),
        TenantId = task.TenantId,
        TaskId = task.TaskId,
        Model = model.ToString(),
        InputTokens = response.Usage?.InputTokenCount ?? 0,
        CachedInputTokens = response.Usage?.CachedInputTokenCount ?? 0,
        OutputTokens = response.Usage?.OutputTokenCount ?? 0,
        RecordedAt = clock.GetUtcNow(),
    };
}
