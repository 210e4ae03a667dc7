using MassTransit;
using MassTransit.Context;
using MassTransit.Metadata;
using MassTransit.Middleware;
using MassTransit.Serialization;

namespace CodeTether.Scheduler.ScheduledMessages;

/// <summary>
/// A message waiting for its time (table <c>scheduled_messages</c>): the payload as a complete MassTransit envelope whose
/// message types are the original ones, plus the context needed to send it on as the original sender would have
/// (after MassTransit's Quartz integration, Apache-2.0). Delivered with MassTransit's <see cref="OutboxMessageSendPipe"/>.
/// </summary>
public class ScheduledMessage : OutboxMessageContext
{
    static readonly IObjectDeserializer Serializer = SystemTextJsonMessageSerializer.Instance;
    static readonly IReadOnlyDictionary<string, object> NoProperties = new Dictionary<string, object>();

    Headers? _headers;

    /// <summary>The schedule's token: <c>ScheduleMessage.CorrelationId</c>, what <c>CancelScheduledMessage.TokenId</c> names.</summary>
    public Guid TokenId { get; set; }

    public string DestinationAddress { get; set; } = "";
    public DateTime ScheduledTime { get; set; }

    /// <summary>The payload's message types (URNs), also in the envelope; kept for operators.</summary>
    public string MessageType { get; set; } = "";
    public string ContentType { get; set; } = "";
    public string Body { get; set; } = "";
    public string? Headers { get; set; }

    public Guid MessageId { get; set; }
    public Guid? ConversationId { get; set; }
    public Guid? CorrelationId { get; set; }
    public Guid? InitiatorId { get; set; }
    public Guid? RequestId { get; set; }
    public Uri? SourceAddress { get; set; }
    public Uri? ResponseAddress { get; set; }
    public Uri? FaultAddress { get; set; }

    /// <summary>When the <c>ScheduleMessage</c> was sent: a cancellation sent at or after this time wins.</summary>
    public DateTime SentTime { get; set; }

    public DateTime? ExpirationTime { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>Failed delivery attempts; each one puts <see cref="ScheduledTime"/> back a little.</summary>
    public int DeliveryAttempts { get; set; }

    long OutboxMessageContext.SequenceNumber => 0;
    Guid? MessageContext.MessageId => MessageId;
    DateTime? MessageContext.SentTime => SentTime;
    Uri MessageContext.DestinationAddress => new(DestinationAddress);
    Headers MessageContext.Headers => _headers ??= RestoreHeaders();
    HostInfo MessageContext.Host => HostMetadataCache.Host;
    IReadOnlyDictionary<string, object> OutboxMessageContext.Properties => NoProperties;

    internal static string? SerializeHeaders(Headers headers) => Serializer.SerializeDictionary(headers.GetAll());

    Headers RestoreHeaders() =>
        Serializer.DeserializeObject<Dictionary<string, object?>>(Headers) is { Count: > 0 } headers
            ? new DictionarySendHeaders(headers)
            : EmptyHeaders.Instance;
}

/// <summary>A cancelled token (table <c>scheduled_message_cancellations</c>), kept for a while so that a cancel that overtook its schedule still wins.</summary>
public class ScheduledMessageCancellation
{
    public Guid TokenId { get; set; }

    /// <summary>The <c>CancelScheduledMessage.Timestamp</c>: schedules of this token sent up to this time are cancelled.</summary>
    public DateTime CancelledAt { get; set; }

    public DateTime CreatedAt { get; set; }
}
