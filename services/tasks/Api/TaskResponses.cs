using CodeTether.Tasks.Data;
using CodeTether.Tasks.Lifecycle;

namespace CodeTether.Tasks.Api;

public record CreatedTaskResponse(Guid TaskId, Guid RunId, string Status, string Title, DateTimeOffset CreatedAt);

public record TaskResponse(
    Guid TaskId,
    Guid RunId,
    string Status,
    string Title,
    string? Description,
    string AgentType,
    string Model,
    int Priority,
    string? CodebaseId,
    string? AgentName,
    int? DeadlineSeconds,
    string? WebhookUrl,
    string? NotifyEmail,
    int TimeoutSeconds,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    long? RuntimeSeconds,
    string? ResultSummary,
    string? Result,
    string? Error,
    string? Question)
{
    public static TaskResponse From(AgentTask task)
    {
        var state = task.Lifecycle;
        var runtime = state is { StartedAt: { } started, FinishedAt: { } finished }
            ? (long)Math.Round((finished - started).TotalSeconds)
            : (long?)null;
        return new TaskResponse(task.Id, task.RunId, TaskLifecycle.PublicStatus(state.CurrentState), task.Title,
            task.Description, task.AgentType, task.Model, task.Priority, task.CodebaseId, task.AgentName, task.DeadlineSeconds, task.WebhookUrl, task.NotifyEmail,
            task.TimeoutSeconds, task.CreatedAt, state.StartedAt, state.FinishedAt, runtime, state.ResultSummary, state.Result, state.Error, state.Question);
    }
}

/// <param name="Total">How many tasks match the filter, on every page.</param>
/// <param name="HasMore">Whether tasks older than the last one follow: ask again with <c>starting_after</c> set to its id.</param>
public record TaskListResponse(IReadOnlyList<TaskResponse> Tasks, int Total, bool HasMore);
