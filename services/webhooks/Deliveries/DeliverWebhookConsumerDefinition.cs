using MassTransit;

namespace CodeTether.Webhooks.Deliveries;

/// <summary>
/// The queue of delivery attempts. Many attempts run at once, each for at most the send timeout, so one slow or dead
/// receiver holds one slot, never the queue.
/// </summary>
public class DeliverWebhookConsumerDefinition : ConsumerDefinition<DeliverWebhookConsumer>
{
    public DeliverWebhookConsumerDefinition(IConfiguration configuration)
    {
        EndpointName = DeliveryEndpoint.Name;
        ConcurrentMessageLimit = configuration.GetValue("Webhooks:Concurrency", 32);
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<DeliverWebhookConsumer> consumerConfigurator, IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
            rabbit.PrefetchCount = ConcurrentMessageLimit!.Value;
    }
}
