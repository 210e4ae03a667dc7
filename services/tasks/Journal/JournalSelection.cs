using CodeTether.Tasks.Data;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Tasks.Journal;

/// <summary>Which journaled messages a replay takes: one task's, one message type's (short name or URN), or a time range's; all given filters apply.</summary>
public sealed record JournalSelection(Guid? TaskId = null, string? MessageType = null, DateTimeOffset? From = null, DateTimeOffset? To = null)
{
    public bool IsEmpty => TaskId is null && MessageType is null && From is null && To is null;

    public IQueryable<JournalMessage> Apply(TasksDbContext db)
    {
        var query = db.JournalMessages.AsNoTracking();
        if (TaskId is { } taskId)
            query = query.Where(m => m.TaskId == taskId);
        if (MessageType is { } type)
            query = type.StartsWith("urn:", StringComparison.Ordinal)
                ? query.Where(m => m.MessageType == type)
                : query.Where(m => m.MessageType.EndsWith(":" + type));
        if (From is { } from)
            query = query.Where(m => m.SentTime >= from);
        if (To is { } to)
            query = query.Where(m => m.SentTime <= to);
        return query.OrderBy(m => m.SentTime).ThenBy(m => m.Offset);
    }
}
