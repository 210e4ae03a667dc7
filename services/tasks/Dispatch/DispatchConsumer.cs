using CodeTether.Contracts.Tasks;
using CodeTether.Tasks.Conversations;
using CodeTether.Tasks.Data;
using MassTransit;

namespace CodeTether.Tasks.Dispatch;

/// <summary>
/// Dispatches when a tenant may have gained work or a slot: a task was queued, or one finished (completed, failed or
/// cancelled: its slot is released first). Continues a task whose question was answered. A completed task's exchange is
/// added to its conversation in the same transaction, before the conversation's next task can be dispatched.
/// </summary>
public class DispatchConsumer(TaskDispatcher dispatcher, TasksDbContext db) :
    IConsumer<TaskQueued>,
    IConsumer<TaskCompleted>,
    IConsumer<TaskFailed>,
    IConsumer<TaskCancelled>,
    IConsumer<TaskInputProvided>
{
    public Task Consume(ConsumeContext<TaskQueued> context) =>
        dispatcher.DispatchAsync(context.Message.TenantId, context, context.CancellationToken);

    public async Task Consume(ConsumeContext<TaskCompleted> context)
    {
        await ConversationLog.RecordAsync(db, context.Message, context.CancellationToken);
        await ReleaseAndDispatchAsync(context, context.Message.TaskId, context.Message.TenantId);
    }

    public Task Consume(ConsumeContext<TaskFailed> context) => ReleaseAndDispatchAsync(context, context.Message.TaskId, context.Message.TenantId);

    public Task Consume(ConsumeContext<TaskCancelled> context) => ReleaseAndDispatchAsync(context, context.Message.TaskId, context.Message.TenantId);

    public Task Consume(ConsumeContext<TaskInputProvided> context) =>
        dispatcher.ResumeAsync(context.Message, context, context.CancellationToken);

    private async Task ReleaseAndDispatchAsync(ConsumeContext context, Guid taskId, Guid tenantId)
    {
        await dispatcher.ReleaseAsync(taskId, context.CancellationToken);
        await dispatcher.DispatchAsync(tenantId, context, context.CancellationToken);
    }
}
