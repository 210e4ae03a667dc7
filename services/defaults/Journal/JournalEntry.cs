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
    public required string ContextType { get; init; }
    public Dictionary<string, string> Headers { get; init; } = [];
    public JsonElement Body { get; init; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The short name of the message type, <c>TaskCompleted</c> for <c>urn:message:CodeTether.Contracts.Tasks:TaskCompleted</c>.</summary>
    public static string ShortType(string messageType) => messageType[(messageType.LastIndexOf(':') + 1)..];
}
