namespace CodeTether.Tasks.Journal;

/// <summary>One journaled message in the tasks service's index of the journal stream, found by the task it is about.</summary>
public class JournalMessage
{
    /// <summary>Its offset in the stream: unique, and the order in which the stream received it.</summary>
    public long Offset { get; set; }
    public Guid? MessageId { get; set; }
    public required string MessageType { get; set; }
    public Guid? TaskId { get; set; }
    public Guid? CorrelationId { get; set; }
    public Guid? ConversationId { get; set; }
    public required string Service { get; set; }
    public string? SourceAddress { get; set; }
    public string? DestinationAddress { get; set; }
    public DateTimeOffset SentTime { get; set; }

    /// <summary>The whole <see cref="ServiceDefaults.Journal.JournalEntry"/> as JSON (headers and body), what a replay re-sends.</summary>
    public required string Entry { get; set; }
}
