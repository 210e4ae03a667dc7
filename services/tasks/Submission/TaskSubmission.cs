using CodeTether.Contracts.Tasks;
using CodeTether.Tasks.Data;
using CodeTether.Tasks.Dispatch;
using CodeTether.Tasks.Lifecycle;
using MassTransit;

namespace CodeTether.Tasks.Submission;

/// <summary>What a new task is made of, however it arrives (the public API, or a <see cref="SubmitTask"/> command).</summary>
public sealed record TaskSubmissionRequest(
    Guid TaskId,
    Guid TenantId,
    string? Title,
    string? Description,
    string? AgentType,
    string? Model,
    int? Priority,
    string? CodebaseId,
    string? WebhookUrl,
    string? IdempotencyKey = null);

/// <summary>
/// The one place a task is created: the task, its lifecycle state in <c>Queued</c> and its <see cref="TaskQueued"/>
/// message go to the DbContext and the outbox together; the caller's <c>SaveChangesAsync</c> (or the consumer's outbox)
/// commits them in one transaction.
/// </summary>
public static class TaskSubmission
{
    public const string DefaultModelSetting = "Tasks:DefaultModel";
    public const string FallbackModel = "claude-sonnet-4";
    public static readonly string[] AgentTypes = ["general", "build", "plan", "explore"];

    public static string DefaultModel(IConfiguration configuration) => configuration[DefaultModelSetting] ?? FallbackModel;

    public static Dictionary<string, string[]> Validate(TaskSubmissionRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var title = request.Title?.Trim();
        if (string.IsNullOrEmpty(title))
            errors["title"] = ["A title is required."];
        else if (title.Length > 200)
            errors["title"] = ["The title must be at most 200 characters."];
        if (request.AgentType is { } agentType && !AgentTypes.Contains(agentType))
            errors["agent_type"] = [$"Unknown agent type '{agentType}'. Use one of: {string.Join(", ", AgentTypes)}."];
        if (request.Model is { } model && (string.IsNullOrWhiteSpace(model) || model.Length > 200))
            errors["model"] = ["The model must be a model name or a provider:model reference."];
        if (request.WebhookUrl is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            errors["webhook_url"] = ["The webhook URL must be an absolute http or https URL."];
        if (request.IdempotencyKey is { Length: > 200 })
            errors["idempotency_key"] = ["The idempotency key must be at most 200 characters."];
        return errors;
    }

    /// <summary>Adds a valid (see <see cref="Validate"/>) task to <paramref name="db"/> and its TaskQueued to the outbox; does not save.</summary>
    public static async Task<AgentTask> AddAsync(TaskSubmissionRequest request, TasksDbContext db, IPublishEndpoint publisher,
        DateTimeOffset now, string defaultModel, CancellationToken cancellationToken)
    {
        var task = new AgentTask
        {
            Id = request.TaskId,
            TenantId = request.TenantId,
            RunId = NewId.NextGuid(),
            Title = request.Title!.Trim(),
            Description = request.Description,
            AgentType = request.AgentType ?? "general",
            Model = request.Model ?? defaultModel,
            Priority = request.Priority ?? 0,
            CodebaseId = request.CodebaseId,
            WebhookUrl = request.WebhookUrl,
            IdempotencyKey = request.IdempotencyKey,
            CreatedAt = now,
            Lifecycle = null!,
        };
        db.Tasks.Add(task);
        db.Lifecycles.Add(new TaskLifecycleState
        {
            CorrelationId = task.Id,
            CurrentState = nameof(TaskLifecycle.Queued),
            TenantId = task.TenantId,
            RunId = task.RunId,
        });
        db.DispatchSlots.Add(new DispatchSlot { TaskId = task.Id, TenantId = task.TenantId, Priority = task.Priority, QueuedAt = now });
        // Goes to the outbox: stored with the task in one transaction, delivered once the broker takes it.
        await publisher.Publish(new TaskQueued
        {
            TaskId = task.Id,
            TenantId = task.TenantId,
            RunId = task.RunId,
            Title = task.Title,
            Prompt = task.Prompt,
            AgentType = task.AgentType,
            Model = task.Model,
            Priority = task.Priority,
            CodebaseId = task.CodebaseId,
            WebhookUrl = task.WebhookUrl,
            QueuedAt = now,
        }, cancellationToken);
        return task;
    }
}
