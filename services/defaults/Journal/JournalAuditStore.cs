using System.Text.Json;
using System.Threading.Channels;
using MassTransit;
using MassTransit.Audit;
using MassTransit.Metadata;
using MassTransit.Serialization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodeTether.ServiceDefaults.Journal;

/// <summary>
/// MassTransit's send audit hook: each message sent or published on the bus becomes a <see cref="JournalEntry"/> in a
/// bounded in-memory buffer that <see cref="JournalWriter"/> drains to the stream. A send never waits for the journal:
/// when the buffer is full the entry is dropped and logged.
/// </summary>
public sealed class JournalAuditStore(IOptions<JournalOptions> options, IHostEnvironment environment, ILogger<JournalAuditStore> logger)
    : IMessageAuditStore
{
    /// <summary>The service's short name, <c>tasks</c> for the application <c>CodeTether.Tasks</c>.</summary>
    private readonly string _service = environment.ApplicationName.Replace("CodeTether.", "", StringComparison.Ordinal).ToLowerInvariant();

    private readonly Channel<JournalEntry> _buffer = Channel.CreateBounded<JournalEntry>(
        new BoundedChannelOptions(options.Value.BufferCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public ChannelReader<JournalEntry> Entries => _buffer.Reader;

    public Task StoreMessage<T>(T message, MessageAuditMetadata metadata) where T : class
    {
        try
        {
            var entry = new JournalEntry
            {
                MessageId = metadata.MessageId,
                MessageTypes = MessageTypeCache<T>.MessageTypeNames,
                CorrelationId = metadata.CorrelationId,
                ConversationId = metadata.ConversationId,
                InitiatorId = metadata.InitiatorId,
                RequestId = metadata.RequestId,
                SourceAddress = metadata.SourceAddress,
                DestinationAddress = metadata.DestinationAddress,
                ResponseAddress = metadata.ResponseAddress,
                FaultAddress = metadata.FaultAddress,
                SentTime = metadata.SentTime is { } sent ? new DateTimeOffset(DateTime.SpecifyKind(sent, DateTimeKind.Utc)) : DateTimeOffset.UtcNow,
                Service = _service,
                ContextType = metadata.ContextType,
                Headers = metadata.Headers is null ? [] : new Dictionary<string, string>(metadata.Headers),
                Body = JsonSerializer.SerializeToElement(message, SystemTextJsonMessageSerializer.Options),
            };
            if (!_buffer.Writer.TryWrite(entry))
                logger.LogWarning("Journal buffer full: message {MessageId} ({MessageType}) is not journaled", metadata.MessageId, typeof(T).Name);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not journal message {MessageId} ({MessageType})", metadata.MessageId, typeof(T).Name);
        }
        return Task.CompletedTask;
    }
}
