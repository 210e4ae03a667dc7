using System.Globalization;
using CodeTether.Webhooks.Data;
using CodeTether.Webhooks.Deliveries;

namespace CodeTether.Webhooks.Events;

/// <summary>One transition of a task, as subscriptions name it (<c>task.completed</c>), with what its payloads need.</summary>
public sealed record LifecycleEvent(string Name, string Status, TaskTarget Task, DateTimeOffset At,
    string? Result = null, string? Error = null, string? Question = null)
{
    public const string Created = "task.created";
    public const string Started = "task.started";
    public const string NeedsInput = "task.needs_input";
    public const string Completed = "task.completed";
    public const string Failed = "task.failed";
    public const string Cancelled = "task.cancelled";

    public static readonly string[] Names = [Created, Started, NeedsInput, Completed, Failed, Cancelled];

    /// <summary>The same for the same transition however often it is published; the time tells repeated transitions apart.</summary>
    public string Key => $"{Name}:{Task.TaskId:N}:{At.UtcTicks}";

    /// <summary>The task's own <c>webhook_url</c> hears only how it ended.</summary>
    public bool IsFinal => Name is Completed or Failed or Cancelled;

    /// <summary>The n8n document's payload, for the task's <c>webhook_url</c>: <c>task_completed</c>, …</summary>
    public byte[] CallbackPayload() => JavaScriptJson.Serialize(new Dictionary<string, object?>
    {
        ["event"] = Name.Replace('.', '_'),
        ["run_id"] = Task.RunId.ToString(),
        ["task_id"] = Task.TaskId.ToString(),
        ["status"] = Status,
        ["result"] = Result,
        ["error"] = Error,
        ["timestamp"] = Timestamp(At),
    });

    /// <summary>The same fields with the Zapier document's trigger fields, for subscriptions: <c>task.completed</c>, …</summary>
    public byte[] SubscriptionPayload() => JavaScriptJson.Serialize(new Dictionary<string, object?>
    {
        ["event"] = Name,
        ["run_id"] = Task.RunId.ToString(),
        ["task_id"] = Task.TaskId.ToString(),
        ["status"] = Status,
        ["title"] = Task.Title,
        ["agent_type"] = Task.AgentType,
        ["model"] = Task.Model,
        ["priority"] = Task.Priority,
        ["codebase_id"] = Task.CodebaseId,
        ["result"] = Result,
        ["error"] = Error,
        ["question"] = Question,
        ["created_at"] = Timestamp(Task.QueuedAt),
        ["completed_at"] = Name == Completed ? Timestamp(At) : null,
        ["updated_at"] = Timestamp(At),
        ["timestamp"] = Timestamp(At),
    });

    private static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
