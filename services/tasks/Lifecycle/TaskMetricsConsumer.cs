using CodeTether.Contracts.Tasks;
using CodeTether.ServiceDefaults;
using CodeTether.Tasks.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Tasks.Lifecycle;

/// <summary>
/// Counts the tasks' lifecycle events into <see cref="CodeTetherMetrics"/>: the one place the task counters and the queue
/// time are recorded. The saga publishes each event once per real transition and the endpoint's inbox consumes each
/// message once, so a saga attempt retried after a conflict, or a redelivered event, is not counted twice. The queue time
/// is measured on <see cref="TaskStarted"/>; a task whose worker's start report was overtaken by its outcome never has one.
/// </summary>
public sealed class TaskMetricsConsumer(TasksDbContext db, CodeTetherMetrics metrics) :
    IConsumer<TaskQueued>,
    IConsumer<TaskStarted>,
    IConsumer<TaskCompleted>,
    IConsumer<TaskFailed>,
    IConsumer<TaskCancelled>
{
    public Task Consume(ConsumeContext<TaskQueued> context)
    {
        metrics.TaskCreated(context.Message.AgentType, context.Message.Model);
        return Task.CompletedTask;
    }

    public async Task Consume(ConsumeContext<TaskStarted> context)
    {
        var task = await DescribeAsync(context.Message.TaskId, context.CancellationToken);
        metrics.TaskStarted(task.AgentType, task.Model, context.Message.StartedAt - task.CreatedAt);
    }

    public async Task Consume(ConsumeContext<TaskCompleted> context)
    {
        var task = await DescribeAsync(context.Message.TaskId, context.CancellationToken);
        metrics.TaskCompleted(task.AgentType, task.Model);
    }

    public async Task Consume(ConsumeContext<TaskFailed> context)
    {
        var task = await DescribeAsync(context.Message.TaskId, context.CancellationToken);
        metrics.TaskFailed(task.AgentType, task.Model);
    }

    public async Task Consume(ConsumeContext<TaskCancelled> context)
    {
        var task = await DescribeAsync(context.Message.TaskId, context.CancellationToken);
        metrics.TaskCancelled(task.AgentType, task.Model);
    }

    private Task<TaskDescription> DescribeAsync(Guid taskId, CancellationToken cancellationToken) =>
        db.Tasks.Where(t => t.Id == taskId).Select(t => new TaskDescription(t.AgentType, t.Model, t.CreatedAt)).SingleAsync(cancellationToken);

    private sealed record TaskDescription(string AgentType, string Model, DateTimeOffset CreatedAt);
}
