namespace CodeTether.Tasks.Messages;

/// <summary>The body of <c>POST /v1/messages</c> and <c>POST /v1/messages/async</c>; rules in <c>docs/messages.md</c>.</summary>
public record SendMessageRequest(
    string? Message,
    string? ConversationId,
    string? AgentType,
    string? Model,
    string? ModelRef,
    string? CodebaseId,
    int? Priority,
    string? NotifyEmail);
