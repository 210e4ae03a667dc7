namespace CodeTether.Contracts.Tasks;

/// <summary>A task was accepted and waits for a worker. Published by the tasks service through its outbox.</summary>
public record TaskQueued
{
    public required Guid TaskId { get; init; }
    public required Guid TenantId { get; init; }
    public required Guid RunId { get; init; }
    public required string Title { get; init; }
    public required string Prompt { get; init; }
    public required string AgentType { get; init; }
    public required string Model { get; init; }
    public int Priority { get; init; }
    public string? CodebaseId { get; init; }
    /// <summary>Where the webhooks service posts this task's lifecycle events, if anywhere.</summary>
    public string? WebhookUrl { get; init; }
    /// <summary>Who is e-mailed when the task finishes, if anyone.</summary>
    public string? NotifyEmail { get; init; }
    /// <summary>After how long an unfinished task fails.</summary>
    public int? TimeoutSeconds { get; init; }
    /// <summary>The conversation the task continues, if any (its id is the client's, unique per tenant).</summary>
    public string? ConversationId { get; init; }
    public required DateTimeOffset QueuedAt { get; init; }
}
