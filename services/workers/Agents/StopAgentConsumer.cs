using CodeTether.Contracts.Tasks;
using MassTransit;

namespace CodeTether.Workers.Agents;

/// <summary>
/// Stops this process's agent of a task that was cancelled or failed (a timeout, say). Every worker process has its own
/// temporary queue for these events, since any of them may be running the task.
/// </summary>
public sealed class StopAgentConsumer(RunningAgents agents) : IConsumer<TaskCancelled>, IConsumer<TaskFailed>
{
    public Task Consume(ConsumeContext<TaskCancelled> context)
    {
        agents.Stop(context.Message.TaskId);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<TaskFailed> context)
    {
        agents.Stop(context.Message.TaskId);
        return Task.CompletedTask;
    }
}
