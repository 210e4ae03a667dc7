using System.Text.Json;
using CodeTether.ServiceDefaults;
using CodeTether.ServiceDefaults.Journal;
using CodeTether.Tasks.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Tasks.Journal;

/// <summary><c>GET /v1/automation/tasks/{id}/events</c>: what the journal holds about one of the caller's tasks, oldest first.</summary>
public static class TaskEventsApi
{
    private const int SummaryValueLength = 120;

    public static RouteGroupBuilder MapTaskEventsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/automation/tasks");
        group.MapGet("/{id:guid}/events", GetTaskEvents)
            .WithName("GetTaskEvents")
            .WithSummary("The task's timeline: every message about it (lifecycle events, runs, attempts), oldest first.");
        return group;
    }

    private static async Task<Results<Ok<TaskEventsResponse>, ProblemHttpResult>> GetTaskEvents(
        Guid id, HttpContext http, TasksDbContext db, CancellationToken cancellationToken)
    {
        var tenant = http.Caller().TenantId;
        if (!await db.Tasks.AnyAsync(t => t.Id == id && t.TenantId == tenant, cancellationToken))
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Task not found",
                detail: $"There is no task {id} for this account.");

        var messages = await db.JournalMessages.AsNoTracking().Where(m => m.TaskId == id)
            .OrderBy(m => m.SentTime).ThenBy(m => m.Offset).ToListAsync(cancellationToken);
        return TypedResults.Ok(new TaskEventsResponse(id, messages.Select(TaskEvent.From).ToList()));
    }

    /// <summary>The body's top-level values other than the ids every task message carries, each cut short: "runId=…, error=…".</summary>
    public static string Summarize(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
            return "";
        var parts = body.EnumerateObject()
            .Where(p => p.Name is not ("taskId" or "tenantId") && p.Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
            .Select(p => $"{p.Name}={Shorten(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())}");
        return string.Join(", ", parts);
    }

    private static string Shorten(string value) => value.Length <= SummaryValueLength ? value : value[..(SummaryValueLength - 1)] + "…";
}

public sealed record TaskEventsResponse(Guid TaskId, IReadOnlyList<TaskEvent> Events);

/// <param name="Type">The message type's short name (<c>TaskCompleted</c>); <paramref name="MessageType"/> is its full URN.</param>
public sealed record TaskEvent(string Type, string MessageType, DateTimeOffset Time, string Service, string? Source, string? Destination,
    Guid? MessageId, Guid? ConversationId, string Summary)
{
    public static TaskEvent From(JournalMessage message)
    {
        var entry = JsonSerializer.Deserialize<JournalEntry>(message.Entry, JournalEntry.Json)!;
        return new TaskEvent(JournalEntry.ShortType(message.MessageType), message.MessageType, message.SentTime, message.Service,
            message.SourceAddress, message.DestinationAddress, message.MessageId, message.ConversationId,
            TaskEventsApi.Summarize(entry.Body));
    }
}
