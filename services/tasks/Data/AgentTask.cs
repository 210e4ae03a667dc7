namespace CodeTether.Tasks.Data;

/// <summary>What the user asked for. Immutable once created; its status lives in <see cref="Lifecycle.TaskLifecycleState"/>.</summary>
public class AgentTask
{
    public Guid Id { get; init; }
    public Guid TenantId { get; init; }
    public Guid RunId { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public required string AgentType { get; init; }
    public required string Model { get; init; }
    public int Priority { get; init; }
    public string? CodebaseId { get; init; }
    /// <summary>The agent that must run the task: named by the caller, or the agent whose codebase it is; null for any worker.</summary>
    public string? AgentName { get; init; }
    /// <summary>For a named agent: the task fails if that agent has not started it within this many seconds.</summary>
    public int? DeadlineSeconds { get; init; }
    public string? WebhookUrl { get; init; }
    public string? NotifyEmail { get; init; }
    /// <summary>After how long an unfinished task fails; the saga schedules it from <see cref="Contracts.Tasks.TaskQueued"/>.</summary>
    public int TimeoutSeconds { get; init; }
    /// <summary>Set by senders of <c>SubmitTask</c> (a cron occurrence): unique per tenant, so one occurrence is one task.</summary>
    public string? IdempotencyKey { get; init; }
    /// <summary>The conversation this task continues (<see cref="Conversations.ConversationLog"/>), if any.</summary>
    public string? ConversationId { get; init; }
    /// <summary>The agent's instructions in place of its type's (a PRD chat's), or null.</summary>
    public string? Instructions { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>The W3C trace context the task was created in: its run joins that trace whatever event dispatches it.</summary>
    public string? TraceParent { get; init; }

    public Lifecycle.TaskLifecycleState Lifecycle { get; init; } = null!;

    public string Prompt => string.IsNullOrWhiteSpace(Description) ? Title : Description;
}
