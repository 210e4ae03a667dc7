namespace CodeTether.ServiceDefaults.Persistence;

/// <summary>One message as seen by one consumer: the record that makes a redelivered message a no-op.</summary>
public class InboxState
{
    public Guid MessageId { get; set; }

    /// <summary>Derived by MassTransit from the endpoint and the consumer or saga type.</summary>
    public Guid ConsumerId { get; set; }

    public DateTime Received { get; set; }
    public int ReceiveCount { get; set; }
    public DateTime? Consumed { get; set; }

    /// <summary>When everything the consumer sent had reached the broker; the row is removed a duplicate-detection window later.</summary>
    public DateTime? Delivered { get; set; }

    public long? LastSequenceNumber { get; set; }
}
