using CodeTether.Contracts.Tasks;
using MassTransit;
using Microsoft.Extensions.Options;

namespace CodeTether.Workers.Agents;

/// <summary>
/// The shared pool queue and the agent's own queue (<see cref="AgentRuntimeExtensions.ReceiveTaskQueues"/>): RabbitMQ
/// priority queues (a task's priority, 0–9, is its message's). Each worker process runs up to <c>Worker:Concurrency</c>
/// tasks at once, from both together (<see cref="WorkerCapacity"/>), and prefetches no more per queue, so the broker can
/// hand the most urgent waiting task to the next free worker.
/// </summary>
public class RunTaskConsumerDefinition : ConsumerDefinition<RunTaskConsumer>
{
    public RunTaskConsumerDefinition(IOptions<WorkerOptions> options)
    {
        ConcurrentMessageLimit = options.Value.Concurrency;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<RunTaskConsumer> consumerConfigurator, IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.PrefetchCount = ConcurrentMessageLimit ?? 4;
            rabbit.EnablePriority(RunTask.MaxPriority);
        }
        consumerConfigurator.Message<RunTask>(message => message.UseFilter(context.GetRequiredService<WorkerCapacity>()));
    }
}
