using System.Net.Mail;
using CodeTether.Contracts.Agents;
using CodeTether.Contracts.Tasks;
using CodeTether.ServiceDefaults;
using CodeTether.Tasks.Codebases;
using CodeTether.Tasks.Conversations;
using CodeTether.Tasks.Data;
using CodeTether.Tasks.Dispatch;
using CodeTether.Tasks.Lifecycle;
using MassTransit;
using Microsoft.EntityFrameworkCore;

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
    string? NotifyEmail = null,
    int? TimeoutSeconds = null,
    string? IdempotencyKey = null,
    string? ConversationId = null,
    string? AgentName = null,
    int? DeadlineSeconds = null,
    string? Instructions = null);

/// <summary>
/// The one place a task is created: the task, its lifecycle state in <c>Queued</c> and its <see cref="TaskQueued"/>
/// message go to the DbContext and the outbox together; the caller's <c>SaveChangesAsync</c> (or the consumer's outbox)
/// commits them in one transaction.
/// </summary>
public static class TaskSubmission
{
    public static readonly string[] AgentTypes = ["general", "build", "plan", "explore"];

    /// <summary>The <c>Tasks</c> section, and the models a task may name: the catalogue the workers serve from.</summary>
    public static IHostApplicationBuilder AddTaskSettings(this IHostApplicationBuilder builder)
    {
        builder.AddModelCatalog();
        builder.Services.Configure<TaskSettings>(builder.Configuration.GetSection(TaskSettings.Section));
        builder.Services.Configure<TaskSettings>(settings =>
        {
            var models = builder.Configuration.GetSection("Models");
            settings.Models = [.. models.GetSection("Catalog").GetChildren().Select(m => m.Key).Append(Simulator).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];
            settings.ModelProviders = [.. models.GetSection("Providers").GetChildren().Select(p => p.Key).Append(Simulator).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];
        });
        return builder;
    }

    /// <summary>The offline model, which every worker serves whatever the catalogue says.</summary>
    private const string Simulator = "simulator";

    public static Dictionary<string, string[]> Validate(TaskSubmissionRequest request, TaskSettings settings)
    {
        var errors = new Dictionary<string, string[]>();
        var title = request.Title?.Trim();
        if (string.IsNullOrEmpty(title))
            errors["title"] = ["A title is required."];
        else if (title.Length > 200)
            errors["title"] = ["The title must be at most 200 characters."];
        if (request.AgentType is { } agentType && !AgentTypes.Contains(agentType))
            errors["agent_type"] = [$"Unknown agent type '{agentType}'. Use one of: {string.Join(", ", AgentTypes)}."];
        if (request.Model is { } model && (model.Length > 200 || !settings.IsKnownModel(model)))
            errors["model"] = [$"Unknown model '{model}'. Use one of: {string.Join(", ", settings.Models)}, or a provider:model reference " +
                               $"with a provider among: {string.Join(", ", settings.ModelProviders)}."];
        if (request.CodebaseId is { Length: > 200 })
            errors["codebase_id"] = ["The codebase id must be at most 200 characters."];
        if (request.WebhookUrl is { } url && !(url.Length <= 2048 && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            errors["webhook_url"] = ["The webhook URL must be an absolute http or https URL (at most 2048 characters)."];
        if (request.NotifyEmail is { } email && !IsEmailAddress(email))
            errors["notify_email"] = ["The notify e-mail must be one valid e-mail address, such as ops@example.com."];
        if (request.TimeoutSeconds is { } timeout && (timeout < 1 || timeout > settings.MaxTimeoutSeconds))
            errors["timeout_seconds"] = [$"The timeout must be between 1 and {settings.MaxTimeoutSeconds} seconds."];
        if (request.IdempotencyKey is { Length: > 200 })
            errors["idempotency_key"] = ["The idempotency key must be at most 200 characters."];
        if (request.ConversationId is { } conversationId && ConversationLog.Problem(conversationId) is { } problem)
            errors["conversation_id"] = [problem];
        if (request.AgentName is { } agentName && !AgentNames.IsValid(agentName))
            errors["agent_name"] = [$"'{agentName}' is not an agent name: {AgentNames.Rule}."];
        if (request.DeadlineSeconds is { } deadline && (deadline < 1 || deadline > settings.MaxTimeoutSeconds))
            errors["deadline_seconds"] = [$"The deadline must be between 1 and {settings.MaxTimeoutSeconds} seconds."];
        return errors;
    }

    /// <summary>
    /// <see cref="Validate"/>, and the codebase: one the workers announced, of the named agent if there is one. Codebases
    /// are the operator's, so any tenant may name any of them.
    /// </summary>
    public static async Task<Dictionary<string, string[]>> ValidateAsync(TaskSubmissionRequest request, TaskSettings settings,
        TasksDbContext db, CancellationToken cancellationToken)
    {
        var errors = Validate(request, settings);
        if (request.CodebaseId is not { } codebaseId || errors.ContainsKey("codebase_id"))
            return errors;
        var codebase = await db.Codebases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == codebaseId, cancellationToken);
        if (codebase is null)
            errors["codebase_id"] = [KnownCodebase.Unknown(codebaseId)];
        else if (request.AgentName is { } agentName && agentName != codebase.AgentName)
            errors["codebase_id"] = [$"Codebase '{codebaseId}' belongs to agent '{codebase.AgentName}', not '{agentName}'."];
        return errors;
    }

    /// <summary>A bare address (<c>a@b.example</c>), not a display name with one (<c>Ann &lt;a@b.example&gt;</c>) nor a list.</summary>
    private static bool IsEmailAddress(string value) =>
        value.Length <= 254 && MailAddress.TryCreate(value, out var address) && address.Address == value && address.Host.Contains('.');

    /// <summary>
    /// Adds a valid (see <see cref="ValidateAsync"/>) task to <paramref name="db"/> and its TaskQueued to the outbox; does
    /// not save. A task with a codebase is for the agent that has it; one with a conversation id starts or continues that
    /// conversation of its tenant.
    /// </summary>
    public static async Task<AgentTask> AddAsync(TaskSubmissionRequest request, TasksDbContext db, IPublishEndpoint publisher,
        DateTimeOffset now, TaskSettings settings, CancellationToken cancellationToken)
    {
        var agentName = request.AgentName ?? (request.CodebaseId is { } codebaseId
            ? await db.Codebases.Where(c => c.Id == codebaseId).Select(c => c.AgentName).SingleOrDefaultAsync(cancellationToken)
            : null);
        var task = new AgentTask
        {
            Id = request.TaskId,
            TenantId = request.TenantId,
            RunId = NewId.NextGuid(),
            Title = request.Title!.Trim(),
            Description = request.Description,
            AgentType = request.AgentType ?? "general",
            Model = request.Model ?? settings.DefaultModel,
            Priority = request.Priority ?? 0,
            CodebaseId = request.CodebaseId,
            AgentName = agentName,
            DeadlineSeconds = request.DeadlineSeconds,
            WebhookUrl = request.WebhookUrl,
            NotifyEmail = request.NotifyEmail,
            TimeoutSeconds = request.TimeoutSeconds ?? settings.DefaultTimeoutSeconds,
            IdempotencyKey = request.IdempotencyKey,
            ConversationId = request.ConversationId,
            Instructions = request.Instructions,
            CreatedAt = now,
            TraceParent = Telemetry.CurrentTraceParent(),
            Lifecycle = null!,
        };
        if (task.ConversationId is not null)
            await ConversationLog.JoinAsync(db, task.TenantId, task.ConversationId, now, cancellationToken);
        db.Tasks.Add(task);
        db.Lifecycles.Add(new TaskLifecycleState
        {
            CorrelationId = task.Id,
            CurrentState = nameof(TaskLifecycle.Queued),
            TenantId = task.TenantId,
            RunId = task.RunId,
        });
        db.DispatchSlots.Add(new DispatchSlot
        {
            TaskId = task.Id, TenantId = task.TenantId, Priority = task.Priority, ConversationId = task.ConversationId, QueuedAt = now,
        });
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
            AgentName = task.AgentName,
            DeadlineSeconds = task.DeadlineSeconds,
            WebhookUrl = task.WebhookUrl,
            NotifyEmail = task.NotifyEmail,
            TimeoutSeconds = task.TimeoutSeconds,
            ConversationId = task.ConversationId,
            QueuedAt = now,
        }, cancellationToken);
        return task;
    }
}
