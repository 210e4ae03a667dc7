using CodeTether.Contracts.Tasks;
using CodeTether.Webhooks.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Webhooks.Events;

/// <summary>
/// The TaskLifecycle saga's events (and the tasks service's TaskQueued, which alone carries the task's webhook URL and
/// e-mail address, kept here for the later events). A redelivered message is dropped by the inbox, a republished
/// transition by <see cref="DeliveryFanOut"/>.
/// </summary>
public sealed class TaskEventsConsumer(WebhooksDbContext db, DeliveryFanOut fanOut) :
    IConsumer<TaskQueued>, IConsumer<TaskStarted>, IConsumer<TaskNeedsInput>,
    IConsumer<TaskCompleted>, IConsumer<TaskFailed>, IConsumer<TaskCancelled>
{
    public async Task Consume(ConsumeContext<TaskQueued> context)
    {
        var queued = context.Message;
        var task = await db.Tasks.FindAsync([queued.TaskId], context.CancellationToken);
        if (task is null)
        {
            task = new TaskTarget
            {
                TaskId = queued.TaskId,
                TenantId = queued.TenantId,
                RunId = queued.RunId,
                Title = queued.Title,
                AgentType = queued.AgentType,
                Model = queued.Model,
                Priority = queued.Priority,
                CodebaseId = queued.CodebaseId,
                WebhookUrl = queued.WebhookUrl,
                NotifyEmail = queued.NotifyEmail,
                QueuedAt = queued.QueuedAt,
            };
            db.Tasks.Add(task);
        }
        await fanOut.HandleAsync(new LifecycleEvent(LifecycleEvent.Created, "queued", task, queued.QueuedAt), context);
    }

    public async Task Consume(ConsumeContext<TaskStarted> context) =>
        await fanOut.HandleAsync(new LifecycleEvent(LifecycleEvent.Started, "running",
            await TaskAsync(context.Message.TaskId, context), context.Message.StartedAt), context);

    public async Task Consume(ConsumeContext<TaskNeedsInput> context) =>
        await fanOut.HandleAsync(new LifecycleEvent(LifecycleEvent.NeedsInput, "needs_input",
            await TaskAsync(context.Message.TaskId, context), context.Message.AskedAt, Question: context.Message.Question), context);

    public async Task Consume(ConsumeContext<TaskCompleted> context) =>
        await fanOut.HandleAsync(new LifecycleEvent(LifecycleEvent.Completed, "completed",
            await TaskAsync(context.Message.TaskId, context), context.Message.CompletedAt, Result: context.Message.Result), context);

    public async Task Consume(ConsumeContext<TaskFailed> context) =>
        await fanOut.HandleAsync(new LifecycleEvent(LifecycleEvent.Failed, "failed",
            await TaskAsync(context.Message.TaskId, context), context.Message.FailedAt, Error: context.Message.Error), context);

    public async Task Consume(ConsumeContext<TaskCancelled> context) =>
        await fanOut.HandleAsync(new LifecycleEvent(LifecycleEvent.Cancelled, "cancelled",
            await TaskAsync(context.Message.TaskId, context), context.Message.CancelledAt), context);

    /// <summary>
    /// Throws while the task's TaskQueued has not been consumed yet (the two come from different publishers), so the
    /// endpoint's retries and scheduled redelivery wait for it.
    /// </summary>
    private async Task<TaskTarget> TaskAsync(Guid taskId, ConsumeContext context) =>
        await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.TaskId == taskId, context.CancellationToken)
        ?? throw new InvalidOperationException($"Task {taskId} is not known yet: its TaskQueued has not arrived.");
}
