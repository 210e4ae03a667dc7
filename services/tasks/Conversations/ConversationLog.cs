using CodeTether.Contracts.Tasks;
using CodeTether.Tasks.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Tasks.Conversations;

/// <summary>
/// The one place conversations are kept. A task that continues a conversation carries its id
/// (<see cref="AgentTask.ConversationId"/>); the dispatcher runs one task of a conversation at a time, oldest first, and
/// gives it the conversation so far, or its latest part (<see cref="HistoryAsync"/>); when the task completes, its prompt,
/// the questions its agent asked with their answers, and its result are appended (<see cref="RecordAsync"/>) before the
/// next task of the conversation is dispatched. A failed or cancelled task adds nothing.
/// </summary>
public static class ConversationLog
{
    public const int MaxIdLength = 200;

    /// <summary>An id for a conversation the client did not name.</summary>
    public static string NewConversationId() => $"conv_{NewId.NextGuid():N}";

    /// <summary>Why <paramref name="conversationId"/> cannot name a conversation, or null if it can.</summary>
    public static string? Problem(string conversationId) =>
        string.IsNullOrWhiteSpace(conversationId) || conversationId.Length > MaxIdLength || conversationId.Any(char.IsControl)
            ? $"The conversation id must be 1 to {MaxIdLength} characters, not blank, without control characters."
            : null;

    /// <summary>
    /// Makes sure the tenant's conversation exists (a new id starts one). An upsert, so two first messages of one
    /// conversation at once do not collide; it joins the caller's transaction if there is one.
    /// </summary>
    public static Task JoinAsync(TasksDbContext db, Guid tenantId, string conversationId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO conversations (tenant_id, id, created_at) VALUES ({tenantId}, {conversationId}, {now})
            ON CONFLICT (tenant_id, id) DO NOTHING
            """, cancellationToken);

    /// <summary>
    /// What the model sees before the task's own prompt: the conversation's latest messages, oldest first, at most
    /// <paramref name="maxCharacters"/> of content together, so a long conversation never outgrows the model's context.
    /// Older messages are left out whole, and what is kept starts with a user message, as providers expect.
    /// </summary>
    public static async Task<IReadOnlyList<ConversationMessage>> HistoryAsync(TasksDbContext db, Guid tenantId, string conversationId,
        int maxCharacters, CancellationToken cancellationToken)
    {
        var newestFirst = new List<ConversationMessage>();
        var characters = 0;
        await foreach (var message in db.ConversationEntries.AsNoTracking()
                           .Where(m => m.TenantId == tenantId && m.ConversationId == conversationId)
                           .OrderByDescending(m => m.Position)
                           .Select(m => new ConversationMessage(m.Role, m.Content))
                           .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            characters += message.Content.Length;
            if (characters > maxCharacters)
                break;
            newestFirst.Add(message);
        }
        newestFirst.Reverse();
        return [.. newestFirst.SkipWhile(m => m.Role != ConversationMessage.User)];
    }

    /// <summary>
    /// Appends a completed task's exchange to its conversation, once: a task whose messages are already there (a
    /// replayed <see cref="TaskCompleted"/>) adds nothing. Saves, inside the caller's transaction.
    /// </summary>
    public static async Task RecordAsync(TasksDbContext db, TaskCompleted completed, CancellationToken cancellationToken)
    {
        var task = await db.Tasks.AsNoTracking().Include(t => t.Lifecycle)
            .SingleOrDefaultAsync(t => t.Id == completed.TaskId && t.ConversationId != null, cancellationToken);
        if (task is null || await db.ConversationEntries.AnyAsync(m => m.TaskId == task.Id, cancellationToken))
            return;

        var conversationId = task.ConversationId!;
        var position = await db.ConversationEntries
            .Where(m => m.TenantId == task.TenantId && m.ConversationId == conversationId)
            .MaxAsync(m => (int?)m.Position, cancellationToken) ?? 0;
        ConversationEntry Entry(string role, string content, DateTimeOffset at) => new()
        {
            TenantId = task.TenantId,
            ConversationId = conversationId,
            Position = ++position,
            Role = role,
            Content = content,
            TaskId = task.Id,
            CreatedAt = at,
        };

        db.ConversationEntries.Add(Entry(ConversationMessage.User, task.Prompt, task.CreatedAt));
        foreach (var exchange in task.Lifecycle.Exchanges)
        {
            db.ConversationEntries.Add(Entry(ConversationMessage.Assistant, exchange.Question, completed.CompletedAt));
            db.ConversationEntries.Add(Entry(ConversationMessage.User, exchange.Answer, completed.CompletedAt));
        }
        db.ConversationEntries.Add(Entry(ConversationMessage.Assistant, completed.Result, completed.CompletedAt));
        await db.SaveChangesAsync(cancellationToken);
    }
}
