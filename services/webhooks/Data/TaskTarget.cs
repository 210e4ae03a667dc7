namespace CodeTether.Webhooks.Data;

/// <summary>What the webhooks service keeps of a task from its TaskQueued: later events carry only ids.</summary>
public class TaskTarget
{
    public required Guid TaskId { get; init; }
    public required Guid TenantId { get; init; }
    public required Guid RunId { get; init; }
    public required string Title { get; init; }
    public required string AgentType { get; init; }
    public required string Model { get; init; }
    public int Priority { get; init; }
    public string? CodebaseId { get; init; }
    public string? WebhookUrl { get; init; }
    public string? NotifyEmail { get; init; }
    public required DateTimeOffset QueuedAt { get; init; }
}
