namespace CodeTether.Contracts.Tasks;

/// <summary>
/// A command to the tasks service: create this task, as <c>POST /v1/automation/tasks</c> would, with the id the sender
/// chose. Sent by the scheduler for each cron occurrence. A <see cref="TaskId"/> (or, per tenant, an
/// <see cref="IdempotencyKey"/>) that already exists is a no-op, so the command can be delivered or replayed twice.
/// </summary>
public record SubmitTask
{
    /// <summary>The queue of the tasks service that consumes this command.</summary>
    public const string QueueName = "submit-task";

    public required Guid TaskId { get; init; }
    public required Guid TenantId { get; init; }
    public string? IdempotencyKey { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public string? AgentType { get; init; }
    public string? Model { get; init; }
    public int? Priority { get; init; }
    public string? CodebaseId { get; init; }
    public string? WebhookUrl { get; init; }
}
