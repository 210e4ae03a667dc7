using MassTransit;

namespace CodeTether.Webhooks.Email;

public class SendTaskEmailConsumerDefinition : ConsumerDefinition<SendTaskEmailConsumer>
{
    public SendTaskEmailConsumerDefinition() => EndpointName = TaskEmailEndpoint.Name;
}
