using CodeTether.Contracts.Tasks;
using CodeTether.Scheduler.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Scheduler.CronJobs;

/// <summary>
/// Records the outcome of the tasks cron jobs created (the TaskLifecycle saga's TaskCompleted / TaskFailed, or the tasks
/// service's TaskSubmissionRejected when no task was created) on the run, and on its job if it is still the job's last
/// run. Tasks that no cron job created are ignored.
/// </summary>
public sealed class TaskOutcomeConsumer(SchedulerDbContext db) :
    IConsumer<TaskCompleted>, IConsumer<TaskFailed>, IConsumer<TaskSubmissionRejected>
{
    public Task Consume(ConsumeContext<TaskCompleted> context) =>
        RecordAsync(context.Message.TaskId, CronRunStatuses.Completed, context.Message.CompletedAt, null, context.CancellationToken);

    public Task Consume(ConsumeContext<TaskFailed> context) =>
        RecordAsync(context.Message.TaskId, CronRunStatuses.Failed, context.Message.FailedAt, context.Message.Error, context.CancellationToken);

    public Task Consume(ConsumeContext<TaskSubmissionRejected> context) =>
        RecordAsync(context.Message.TaskId, CronRunStatuses.Failed, context.Message.RejectedAt, context.Message.Reason, context.CancellationToken);

    private async Task RecordAsync(Guid taskId, string status, DateTimeOffset finishedAt, string? error, CancellationToken cancellationToken)
    {
        var run = await db.CronJobRuns.SingleOrDefaultAsync(r => r.TaskId == taskId, cancellationToken);
        if (run is null || run.Status != CronRunStatuses.Submitted)
            return;
        run.Status = status;
        run.FinishedAt = finishedAt.ToUniversalTime();
        run.Error = error;
        await db.SaveChangesAsync(cancellationToken);
        // Conditional, so a newer run that fired meanwhile keeps its own status.
        await db.CronJobs.Where(j => j.Id == run.JobId && j.LastRunTaskId == taskId)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LastRunStatus, status), cancellationToken);
    }
}
