namespace CodeTether.Tasks.Messages;

/// <param name="Status"><c>completed</c> with the agent's <c>response</c>, or <c>needs_input</c> with its <c>question</c>.</param>
public record MessageAnswer(Guid TaskId, string ConversationId, string Status, string? Response, string? Question);

public record AcceptedMessage(Guid TaskId, string ConversationId, string Status, DateTimeOffset CreatedAt);

/// <param name="Total">How many messages the conversation has.</param>
/// <param name="HasMore">Whether later messages follow: ask again with <c>starting_after</c> set to the last one's position.</param>
public record ConversationResponse(string ConversationId, DateTimeOffset CreatedAt, IReadOnlyList<ConversationMessageResponse> Messages,
    int Total, bool HasMore);

/// <param name="Position">1 for the conversation's first message, then 2, 3, …</param>
/// <param name="Role"><c>user</c> or <c>assistant</c>.</param>
/// <param name="TaskId">The task whose exchange this message is part of.</param>
public record ConversationMessageResponse(int Position, string Role, string Content, Guid TaskId, DateTimeOffset CreatedAt);
