namespace CodeTether.Tasks.Api;

public record CreateTaskRequest(
    string? Title,
    string? Description,
    string? AgentType,
    string? Model,
    int? Priority,
    string? CodebaseId,
    string? WebhookUrl);
