using CodeTether.Tasks.Data;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Tasks.Idempotency;

/// <summary>Deletes expired <c>Idempotency-Key</c>s at start and then hourly, so a key lives from its retention to an hour longer.</summary>
public sealed class IdempotencyKeyCleanup(IServiceScopeFactory scopes, TimeProvider clock, ILogger<IdempotencyKeyCleanup> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var deleted = await DeleteExpiredAsync(scope.ServiceProvider.GetRequiredService<TasksDbContext>(), clock.GetUtcNow(), stoppingToken);
                if (deleted > 0)
                    logger.LogInformation("Deleted {Count} expired idempotency keys", deleted);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not delete expired idempotency keys; trying again in {Interval}", Interval);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public static Task<int> DeleteExpiredAsync(TasksDbContext db, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.IdempotencyRecords.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
}
