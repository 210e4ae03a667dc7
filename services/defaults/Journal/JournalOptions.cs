namespace CodeTether.ServiceDefaults.Journal;

/// <summary>The <c>Journal</c> configuration section, read by every service that writes the journal and by its indexer.</summary>
public sealed class JournalOptions
{
    public const string Section = "Journal";

    /// <summary>The RabbitMQ stream every service appends to.</summary>
    public string Stream { get; set; } = "journal";

    /// <summary>How long the stream (and the tasks service's index of it) keeps a message; the stream's <c>x-max-age</c>.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Entries waiting for the broker; when full, new entries are dropped (and logged) rather than slowing sends.</summary>
    public int BufferCapacity { get; set; } = 10_000;
}
