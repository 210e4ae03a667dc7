namespace CodeTether.Tasks.Dispatch;

/// <summary>
/// A task's place in its tenant's dispatch queue: waiting while <see cref="DispatchedAt"/> is null, then holding one of
/// the tenant's concurrency slots until the task finishes (the row is deleted then). A task that needs input keeps its slot.
/// </summary>
public class DispatchSlot
{
    public Guid TaskId { get; init; }
    public Guid TenantId { get; init; }
    public int Priority { get; init; }
    /// <summary>The task's conversation: only its oldest unfinished task may hold a slot (one at a time, in order).</summary>
    public string? ConversationId { get; init; }
    public DateTimeOffset QueuedAt { get; init; }
    public DateTimeOffset? DispatchedAt { get; set; }
}
