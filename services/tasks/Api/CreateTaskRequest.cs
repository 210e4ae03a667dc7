namespace CodeTether.Tasks.Api;

/// <summary>The body of <c>POST /v1/automation/tasks</c>; limits and defaults in <c>docs/tasks-api.md</c>.</summary>
public record CreateTaskRequest(
    string? Title,
    string? Description,
    string? AgentType,
    string? Model,
    int? Priority,
    string? CodebaseId,
    string? WebhookUrl,
    string? NotifyEmail,
    int? TimeoutSeconds);
