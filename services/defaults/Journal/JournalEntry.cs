using System.Text.Json;

namespace CodeTether.ServiceDefaults.Journal;

/// <summary>
/// One message as it was sent or published, as kept in the journal stream: MassTransit's headers and the message body in
/// MassTransit's own JSON (camelCase), so a replay can rebuild the envelope consumers expect.
/// </summary>
public sealed record JournalEntry
{
    public Guid? MessageId { get; init; }
    public required string[] MessageTypes { get; init; }
    public Guid? CorrelationId { get; init; }
    public Guid? ConversationId { get; init; }
    public Guid? InitiatorId { get; init; }
    public Guid? RequestId { get; init; }
    public string? SourceAddress { get; init; }
    public string? DestinationAddress { get; init; }
    public string? ResponseAddress { get; init; }
    public string? FaultAddress { get; init; }
    public DateTimeOffset SentTime { get; init; }
    public required string Service { get; init; }
    public Dictionary<string, string> Headers { get; init; } = [];
    public JsonElement Body { get; init; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The entry for a sent message. A MassTransit JSON envelope gives the body, the message types and the ids as
    /// consumers will see them; any other body (raw JSON) is kept whole, with the transport's ids.
    /// </summary>
    public static JournalEntry From(SentMessage sent)
    {
        var entry = new JournalEntry
        {
            MessageId = sent.MessageId,
            MessageTypes = sent.MessageTypes,
            CorrelationId = sent.CorrelationId,
            ConversationId = sent.ConversationId,
            SourceAddress = sent.SourceAddress,
            DestinationAddress = sent.DestinationAddress,
            SentTime = new DateTimeOffset(DateTime.SpecifyKind(sent.SentTime, DateTimeKind.Utc)),
            Service = sent.Service,
            Headers = sent.Headers,
        };
        using var document = JsonDocument.Parse(sent.Body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("message", out var body) || !root.TryGetProperty("messageType", out var types))
            return entry with { Body = root.Clone() };
        return entry with
        {
            Body = body.Clone(),
            MessageTypes = types.EnumerateArray().Select(t => t.GetString()!).ToArray(),
            MessageId = Guid(root, "messageId") ?? entry.MessageId,
            CorrelationId = Guid(root, "correlationId") ?? entry.CorrelationId,
            ConversationId = Guid(root, "conversationId") ?? entry.ConversationId,
            InitiatorId = Guid(root, "initiatorId"),
            RequestId = Guid(root, "requestId"),
            SourceAddress = Text(root, "sourceAddress") ?? entry.SourceAddress,
            ResponseAddress = Text(root, "responseAddress"),
            FaultAddress = Text(root, "faultAddress"),
            Headers = root.TryGetProperty("headers", out var headers) && headers.ValueKind == JsonValueKind.Object
                ? headers.EnumerateObject().Aggregate(new Dictionary<string, string>(sent.Headers), (all, h) =>
                {
                    all[h.Name] = h.Value.ValueKind == JsonValueKind.String ? h.Value.GetString()! : h.Value.GetRawText();
                    return all;
                })
                : entry.Headers,
        };
    }

    private static Guid? Guid(JsonElement envelope, string name) =>
        envelope.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetGuid(out var id) ? id : null;

    private static string? Text(JsonElement envelope, string name) =>
        envelope.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The short name of the message type, <c>TaskCompleted</c> for <c>urn:message:CodeTether.Contracts.Tasks:TaskCompleted</c>.</summary>
    public static string ShortType(string messageType) => messageType[(messageType.LastIndexOf(':') + 1)..];
}
