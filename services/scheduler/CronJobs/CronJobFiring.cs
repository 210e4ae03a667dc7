using System.Globalization;
using System.Text.Json;
using CodeTether.Contracts.Tasks;
using CodeTether.Scheduler.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Scheduler.CronJobs;

/// <summary>
/// Fires due cron jobs. Each occurrence is one transaction: the job row is claimed with <c>FOR UPDATE SKIP LOCKED</c>
/// (another scheduler instance skips it), a run row is inserted (unique on job and occurrence), the job's next fire time
/// moves past now (so occurrences missed while the scheduler was down fire once), and the <see cref="SubmitTask"/>
/// command goes to the outbox. Either all of it commits or none of it does; the task id chosen here is the task's id,
/// and the occurrence is its idempotency key.
/// </summary>
public sealed class CronJobFiring(SchedulerDbContext db, ISendEndpointProvider sendEndpoints)
{
    public const int BatchSize = 50;
    private static readonly Uri SubmitTaskAddress = new($"queue:{SubmitTask.QueueName}");

    /// <summary>Fires the jobs due at <paramref name="now"/> (one batch); returns how many fired.</summary>
    public async Task<int> FireDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var fired = await ClaimAndFireAsync(now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return fired;
    }

    /// <summary>The work of <see cref="FireDueAsync"/> inside the caller's transaction, saved but not committed.</summary>
    public async Task<int> ClaimAndFireAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Cron jobs are claimed inside a transaction.");
        var utcNow = now.ToUniversalTime();
        var due = await db.CronJobs
            .FromSql($"SELECT * FROM cron_jobs WHERE enabled AND next_fire_at <= {utcNow} ORDER BY next_fire_at LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
            .ToListAsync(cancellationToken);
        foreach (var job in due)
        {
            var occurrence = job.NextFireAt!.Value;
            var schedule = CronSchedule.TryParse(job.CronExpression, job.TimeZone, out _);
            job.NextFireAt = schedule?.NextAfter(utcNow);
            if (job.NextFireAt is null)
                job.Enabled = false;   // stored expressions are validated; this only guards against a zone removed since
            await AddRunAsync(job, occurrence, CronRunTriggers.Schedule, utcNow, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        return due.Count;
    }

    /// <summary>
    /// Adds a run of <paramref name="job"/> for <paramref name="occurrence"/> and sends its SubmitTask through the
    /// outbox; the caller saves. The job must be locked (or new) in the caller's transaction.
    /// </summary>
    public async Task<CronJobRun> AddRunAsync(CronJob job, DateTimeOffset occurrence, string trigger, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var run = new CronJobRun
        {
            Id = NewId.NextGuid(),
            JobId = job.Id,
            TenantId = job.TenantId,
            Occurrence = occurrence,
            Trigger = trigger,
            TaskId = NewId.NextGuid(),
            Status = CronRunStatuses.Submitted,
            FiredAt = now,
        };
        db.CronJobRuns.Add(run);
        job.LastRunId = run.Id;
        job.LastRunTaskId = run.TaskId;
        job.LastRunAt = now;
        job.LastRunStatus = run.Status;

        using var template = JsonDocument.Parse(job.TaskTemplate);
        var task = CronTaskTemplate.TryParse(template.RootElement, [])
            ?? throw new InvalidOperationException($"Cron job {job.Id} has an invalid task template.");
        var endpoint = await sendEndpoints.GetSendEndpoint(SubmitTaskAddress);
        await endpoint.Send(new SubmitTask
        {
            TaskId = run.TaskId,
            TenantId = job.TenantId,
            IdempotencyKey = IdempotencyKey(job.Id, occurrence),
            Title = task.Title,
            Description = task.Description,
            AgentType = task.AgentType,
            Model = task.Model,
            Priority = task.Priority,
            CodebaseId = task.CodebaseId,
            WebhookUrl = task.WebhookUrl,
        }, cancellationToken);
        return run;
    }

    public static string IdempotencyKey(Guid jobId, DateTimeOffset occurrence) =>
        $"cron:{jobId}:{occurrence.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}";
}
