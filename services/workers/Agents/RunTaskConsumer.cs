using CodeTether.Contracts.Tasks;
using CodeTether.Workers.Data;
using MassTransit;

namespace CodeTether.Workers.Agents;

/// <summary>
/// Runs a dispatched task's agent (or continues it after the user's answer: a new turn of the same run). The message is
/// acknowledged only after the outcome is published, so a worker that dies mid-run leaves the task to another worker.
/// A task cancelled or failed meanwhile is stopped mid-call and reports nothing: the saga already decided.
/// </summary>
public class RunTaskConsumer(AgentRunner runner, RunningAgents agents, WorkersDbContext db, WorkerIdentity worker,
    TimeProvider clock, ILogger<RunTaskConsumer> logger) : IConsumer<RunTask>
{
    public async Task Consume(ConsumeContext<RunTask> context)
    {
        var task = context.Message;
        var run = await db.Runs.FindAsync([task.RunId, task.Turn], context.CancellationToken);
        if (run is { FinishedAt: not null })
        {
            logger.LogInformation("Run {RunId} turn {Turn} of task {TaskId} already finished; ignoring a redelivered copy", task.RunId, task.Turn, task.TaskId);
            return;
        }

        using var stop = agents.Start(task.TaskId, context.CancellationToken);
        if (stop is null)
        {
            logger.LogInformation("Task {TaskId} was stopped before its run began", task.TaskId);
            return;
        }

        logger.LogInformation("Running task {TaskId}, run {RunId} turn {Turn}, on {Model}", task.TaskId, task.RunId, task.Turn, task.Model);
        try
        {
            run ??= db.Runs.Add(new WorkerRun { RunId = task.RunId, Turn = task.Turn, TaskId = task.TaskId, TenantId = task.TenantId, WorkerId = worker.Id }).Entity;
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

            var outcome = await runner.RunAsync(task, context, stop.Token);
            await context.Publish(Report(task, run.StartedAt, outcome, clock.GetUtcNow()), context.CancellationToken);
            run.Outcome = outcome switch
            {
                AgentOutcome.Answered => WorkerRun.Succeeded,
                AgentOutcome.Asked => WorkerRun.Asked,
                _ => WorkerRun.Failed,
            };
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Stopped the agent of task {TaskId}: the task was cancelled or failed", task.TaskId);
            run!.Outcome = WorkerRun.Stopped;
        }
        finally
        {
            agents.Finish(task.TaskId);
        }

        run.FinishedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(context.CancellationToken);
    }

    private static object Report(RunTask task, DateTimeOffset startedAt, AgentOutcome outcome, DateTimeOffset finishedAt) => outcome switch
    {
        AgentOutcome.Answered answered => new TaskRunSucceeded
        {
            TaskId = task.TaskId,
            TenantId = task.TenantId,
            RunId = task.RunId,
            StartedAt = startedAt,
            Result = answered.Result,
            ResultSummary = ResultSummary.Of(answered.Result),
            FinishedAt = finishedAt,
        },
        AgentOutcome.Asked asked => new TaskRunNeedsInput
        {
            TaskId = task.TaskId,
            TenantId = task.TenantId,
            RunId = task.RunId,
            Turn = task.Turn,
            Question = asked.Question,
            AskedAt = finishedAt,
        },
        AgentOutcome.Failed failed => new TaskRunFailed
        {
            TaskId = task.TaskId,
            TenantId = task.TenantId,
            RunId = task.RunId,
            StartedAt = startedAt,
            Error = failed.Error,
            FailedAt = finishedAt,
        },
        _ => throw new InvalidOperationException($"Unknown agent outcome {outcome}"),
    };
}
