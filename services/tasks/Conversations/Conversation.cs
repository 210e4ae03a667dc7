namespace CodeTether.Tasks.Conversations;

/// <summary>
/// A thread of messages of one tenant. <see cref="Id"/> is the client's (a Slack <c>thread_ts</c>, say) or one the
/// service made; it is unique per tenant only, so two tenants using the same id have two conversations.
/// </summary>
public class Conversation
{
    public Guid TenantId { get; init; }
    public required string Id { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
