using MassTransit;

namespace CodeTether.Workers.Agents;

/// <summary>The shared pool queue. Each worker process runs up to <c>Worker:Concurrency</c> tasks at once and prefetches no more.</summary>
public class RunTaskConsumerDefinition : ConsumerDefinition<RunTaskConsumer>
{
    public RunTaskConsumerDefinition(IConfiguration configuration)
    {
        EndpointName = "worker-pool";
        ConcurrentMessageLimit = configuration.GetValue("Worker:Concurrency", 4);
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<RunTaskConsumer> consumerConfigurator, IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
            rabbit.PrefetchCount = ConcurrentMessageLimit ?? 4;
    }
}
