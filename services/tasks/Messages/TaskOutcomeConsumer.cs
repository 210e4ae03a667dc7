using CodeTether.Contracts.Tasks;
using MassTransit;

namespace CodeTether.Tasks.Messages;

/// <summary>
/// Wakes this process's synchronous message requests whose task stopped running. Every tasks process has its own
/// temporary queue for these events, since any of them may hold the waiting request.
/// </summary>
public sealed class TaskOutcomeConsumer(TaskOutcomeWaiters waiters) :
    IConsumer<TaskCompleted>, IConsumer<TaskFailed>, IConsumer<TaskCancelled>, IConsumer<TaskNeedsInput>
{
    public Task Consume(ConsumeContext<TaskCompleted> context) => Settled(context.Message.TaskId);

    public Task Consume(ConsumeContext<TaskFailed> context) => Settled(context.Message.TaskId);

    public Task Consume(ConsumeContext<TaskCancelled> context) => Settled(context.Message.TaskId);

    public Task Consume(ConsumeContext<TaskNeedsInput> context) => Settled(context.Message.TaskId);

    private Task Settled(Guid taskId)
    {
        waiters.Settled(taskId);
        return Task.CompletedTask;
    }
}
