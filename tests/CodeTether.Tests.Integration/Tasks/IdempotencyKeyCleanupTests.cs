using CodeTether.Tasks.Idempotency;
using CodeTether.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Tests.Integration.Tasks;

public class IdempotencyKeyCleanupTests
{
    [Fact]
    public async Task Only_expired_keys_are_deleted()
    {
        await using var database = await TestInfrastructure.CreateDatabaseAsync("idempotency");
        await using var db = await TasksDatabase.OpenMigratedAsync(database);
        var now = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        var tenant = Guid.NewGuid();
        IdempotencyRecord Record(string key, DateTimeOffset expiresAt) => new()
        {
            TenantId = tenant, Key = key, RequestHash = "h", TaskId = Guid.NewGuid(), ResponseBody = "{}",
            Location = "/v1/automation/tasks/x", CreatedAt = expiresAt.AddHours(-24), ExpiresAt = expiresAt,
        };
        db.IdempotencyRecords.AddRange(Record("expired", now.AddSeconds(-1)), Record("due-now", now), Record("kept", now.AddSeconds(1)));
        await db.SaveChangesAsync();

        var deleted = await IdempotencyKeyCleanup.DeleteExpiredAsync(db, now, CancellationToken.None);

        Assert.Equal(2, deleted);
        Assert.Equal(["kept"], await db.IdempotencyRecords.Select(r => r.Key).ToListAsync());
    }
}
