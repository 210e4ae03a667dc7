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
    public string? WebhookUrl { get; init; }
    public string? NotifyEmail { get; init; }
    /// <summary>After how long an unfinished task fails; the saga schedules it from <see cref="Contracts.Tasks.TaskQueued"/>.</summary>
    public int TimeoutSeconds { get; init; }
    /// <summary>Set by senders of <c>SubmitTask</c> (a cron occurrence): unique per tenant, so one occurrence is one task.</summary>
    public string? IdempotencyKey { get; init; }
    /// <summary>The conversation this task continues (<see cref="Conversations.ConversationLog"/>), if any.</summary>
    public string? ConversationId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    public Lifecycle.TaskLifecycleState Lifecycle { get; init; } = null!;

    public string Prompt => string.IsNullOrWhiteSpace(Description) ? Title : Description;
}
