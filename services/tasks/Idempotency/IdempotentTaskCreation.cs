using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CodeTether.Tasks.Api;
using CodeTether.Tasks.Data;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Tasks.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on <c>POST /v1/automation/tasks</c>, Stripe's way: the key is claimed by inserting its row
/// first, in the transaction that then creates the task and stores the answer. PostgreSQL makes a concurrent insert of
/// the same key wait until that transaction ends, so every other request with the key sees either the stored answer
/// (committed) or a free key (rolled back): one task, and no "in progress" state to report.
/// </summary>
public static class IdempotentTaskCreation
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    /// <summary>The request as it was understood: unknown fields, formatting and field order make no difference.</summary>
    public static string RequestHash(CreateTaskRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request)));

    /// <summary>
    /// Inserts the key's row (call inside a transaction) and returns null: the key is now this request's. When the key
    /// exists, waits for its writer and returns the earlier request's record.
    /// </summary>
    public static async Task<IdempotencyRecord?> ClaimAsync(TasksDbContext db, Guid tenantId, string key, string requestHash, Guid taskId,
        DateTimeOffset now, TimeSpan retention, CancellationToken cancellationToken)
    {
        var expiresAt = now + retention;
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO idempotency_keys (tenant_id, key, request_hash, task_id, response_body, location, created_at, expires_at)
            VALUES ({tenantId}, {key}, {requestHash}, {taskId}, '', '', {now}, {expiresAt})
            ON CONFLICT (tenant_id, key) DO NOTHING
            """, cancellationToken);
        return inserted == 1
            ? null
            : await db.IdempotencyRecords.AsNoTracking().SingleAsync(r => r.TenantId == tenantId && r.Key == key, cancellationToken);
    }

    /// <summary>Stores the <c>201</c> answer to replay; only a created task is remembered.</summary>
    public static Task RecordAnswerAsync(TasksDbContext db, Guid tenantId, string key, string location, string responseBody,
        CancellationToken cancellationToken) =>
        db.IdempotencyRecords.Where(r => r.TenantId == tenantId && r.Key == key).ExecuteUpdateAsync(set => set
            .SetProperty(r => r.Location, location)
            .SetProperty(r => r.ResponseBody, responseBody), cancellationToken);
}
