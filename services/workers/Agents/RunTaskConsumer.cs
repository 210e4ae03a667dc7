using CodeTether.Contracts.Tasks;
using CodeTether.Workers.Data;
using MassTransit;

namespace CodeTether.Workers.Agents;

/// <summary>
/// Runs a queued task. The broker pushes TaskQueued to an idle worker at once; the message is acknowledged only
/// after the outcome is published, so a worker that dies mid-run leaves the task to another worker.
/// </summary>
public class RunTaskConsumer(AgentRunner runner, WorkersDbContext db, WorkerIdentity worker, TimeProvider clock,
    ILogger<RunTaskConsumer> logger) : IConsumer<TaskQueued>
{
    public async Task Consume(ConsumeContext<TaskQueued> context)
    {
        var task = context.Message;
        var run = await db.Runs.FindAsync([task.RunId], context.CancellationToken);
        if (run is { FinishedAt: not null })
        {
            logger.LogInformation("Run {RunId} of task {TaskId} already finished; ignoring a redelivered copy", task.RunId, task.TaskId);
            return;
        }

        run ??= db.Runs.Add(new WorkerRun { RunId = task.RunId, TaskId = task.TaskId, TenantId = task.TenantId, WorkerId = worker.Id }).Entity;
        run.WorkerId = worker.Id;
        run.Attempts++;
        run.StartedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(context.CancellationToken);

        await context.Publish(new TaskRunStarted
        {
            TaskId = task.TaskId,
            TenantId = task.TenantId,
            RunId = task.RunId,
            WorkerId = worker.Id,
            StartedAt = run.StartedAt,
        });

        var outcome = await runner.RunAsync(task, context, context.CancellationToken);
        var finishedAt = clock.GetUtcNow();
        if (outcome.Result is { } result)
            await context.Publish(new TaskRunSucceeded
            {
                TaskId = task.TaskId,
                TenantId = task.TenantId,
                RunId = task.RunId,
                StartedAt = run.StartedAt,
                Result = result,
                ResultSummary = ResultSummary.Of(result),
                FinishedAt = finishedAt,
            });
        else
            await context.Publish(new TaskRunFailed
            {
                TaskId = task.TaskId,
                TenantId = task.TenantId,
                RunId = task.RunId,
                StartedAt = run.StartedAt,
                Error = outcome.Error!,
                FailedAt = finishedAt,
            });

        run.FinishedAt = finishedAt;
        run.Succeeded = outcome.Result is not null;
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
