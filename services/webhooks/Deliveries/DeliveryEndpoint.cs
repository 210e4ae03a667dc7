namespace CodeTether.Webhooks.Deliveries;

public static class DeliveryEndpoint
{
    public const string Name = "webhook-delivery";
    public static readonly Uri Address = new($"queue:{Name}");
}
