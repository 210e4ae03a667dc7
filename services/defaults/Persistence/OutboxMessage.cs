using MassTransit;
using MassTransit.Context;
using MassTransit.Metadata;
using MassTransit.Middleware;
using MassTransit.Serialization;

namespace CodeTether.ServiceDefaults.Persistence;

/// <summary>
/// A serialized message waiting to be delivered: either from a consumer (<see cref="InboxMessageId"/>) or from the
/// bus outbox (<see cref="OutboxId"/>).
/// </summary>
public class OutboxMessage : OutboxMessageContext
{
    static readonly IObjectDeserializer Serializer = SystemTextJsonMessageSerializer.Instance;
    static readonly IReadOnlyDictionary<string, object> NoProperties = new Dictionary<string, object>();

    Headers? _headers;
    IReadOnlyDictionary<string, object>? _properties;

    public long SequenceNumber { get; set; }
    public Guid MessageId { get; set; }
    public string ContentType { get; set; } = "";
    public string MessageType { get; set; } = "";
    public string Body { get; set; } = "";
    public string? Headers { get; set; }

    /// <summary>Transport properties such as the RabbitMQ routing key or priority.</summary>
    public string? Properties { get; set; }

    public Guid? ConversationId { get; set; }
    public Guid? CorrelationId { get; set; }
    public Guid? InitiatorId { get; set; }
    public Guid? RequestId { get; set; }
    public Uri? SourceAddress { get; set; }
    public Uri? DestinationAddress { get; set; }
    public Uri? ResponseAddress { get; set; }
    public Uri? FaultAddress { get; set; }
    public DateTime SentTime { get; set; }
    public DateTime? ExpirationTime { get; set; }

    public Guid? InboxMessageId { get; set; }
    public Guid? InboxConsumerId { get; set; }
    public Guid? OutboxId { get; set; }

    Guid? MessageContext.MessageId => MessageId;
    DateTime? MessageContext.SentTime => SentTime;
    Headers MessageContext.Headers => _headers ?? EmptyHeaders.Instance;
    HostInfo MessageContext.Host => HostMetadataCache.Host;
    IReadOnlyDictionary<string, object> OutboxMessageContext.Properties => _properties ?? NoProperties;

    internal static OutboxMessage Create<T>(SendContext<T> context, Guid? inboxMessageId = null, Guid? inboxConsumerId = null, Guid? outboxId = null)
        where T : class
    {
        // Delivery sends immediately; delays go through the scheduler service (ScheduleMessage), which the outbox can carry.
        if (context.Delay.HasValue)
            throw new MessageException(typeof(T), "A delayed send cannot go through the outbox: schedule it with the message scheduler instead.");

        var now = DateTime.UtcNow;
        var message = new OutboxMessage
        {
            MessageId = context.MessageId ?? throw new MessageException(typeof(T), "A message needs a MessageId to go through the outbox."),
            ConversationId = context.ConversationId,
            CorrelationId = context.CorrelationId,
            InitiatorId = context.InitiatorId,
            RequestId = context.RequestId,
            SourceAddress = context.SourceAddress,
            DestinationAddress = context.DestinationAddress,
            ResponseAddress = context.ResponseAddress,
            FaultAddress = context.FaultAddress,
            SentTime = context.SentTime ?? now,
            ExpirationTime = now + context.TimeToLive,
            ContentType = (context.ContentType ?? context.Serialization.DefaultContentType).ToString(),
            MessageType = string.Join(';', context.SupportedMessageTypes),
            Body = context.Serializer.GetMessageBody(context).GetString(),
            Headers = Serializer.SerializeDictionary(context.Headers.GetAll()),
            InboxMessageId = inboxMessageId,
            InboxConsumerId = inboxConsumerId,
            OutboxId = outboxId,
        };

        if (context is TransportSendContext<T> transportContext)
        {
            var properties = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            transportContext.WritePropertiesTo(properties);
            message.Properties = Serializer.SerializeDictionary(properties);
        }

        return message;
    }

    /// <summary>Restores headers and transport properties, which <see cref="OutboxMessageSendPipe"/> reads when delivering.</summary>
    internal OutboxMessage Deserialize()
    {
        if (Serializer.DeserializeObject<Dictionary<string, object?>>(Headers) is { Count: > 0 } headers)
            _headers = new DictionarySendHeaders(headers);
        _properties = Serializer.DeserializeObject<Dictionary<string, object>>(Properties);
        return this;
    }
}
