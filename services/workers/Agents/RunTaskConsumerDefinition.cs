using CodeTether.Contracts.Tasks;
using MassTransit;

namespace CodeTether.Workers.Agents;

/// <summary>
/// The shared pool queue, a RabbitMQ priority queue (a task's priority, 0–9, is its message's). Each worker process runs
/// up to <c>Worker:Concurrency</c> tasks at once and prefetches no more, so the broker can hand the most urgent waiting
/// task to the next free worker.
/// </summary>
public class RunTaskConsumerDefinition : ConsumerDefinition<RunTaskConsumer>
{
    public RunTaskConsumerDefinition(IConfiguration configuration)
    {
        EndpointName = RunTask.QueueName;
        ConcurrentMessageLimit = configuration.GetValue("Worker:Concurrency", 4);
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<RunTaskConsumer> consumerConfigurator, IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.PrefetchCount = ConcurrentMessageLimit ?? 4;
            rabbit.EnablePriority(RunTask.MaxPriority);
        }
    }
}
