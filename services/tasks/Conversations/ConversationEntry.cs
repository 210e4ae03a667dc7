namespace CodeTether.Tasks.Conversations;

/// <summary>One message of a conversation, at <see cref="Position"/> (1, 2, …), written by the task that completed it.</summary>
public class ConversationEntry
{
    public Guid TenantId { get; init; }
    public required string ConversationId { get; init; }
    public int Position { get; init; }
    /// <summary><c>user</c> or <c>assistant</c> (<see cref="Contracts.Tasks.ConversationMessage"/>).</summary>
    public required string Role { get; init; }
    public required string Content { get; init; }
    public Guid TaskId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
