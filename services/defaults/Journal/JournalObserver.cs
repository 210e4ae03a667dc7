using System.Threading.Channels;
using MassTransit;
using MassTransit.Metadata;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodeTether.ServiceDefaults.Journal;

/// <summary>
/// Sees every message the bus hands to RabbitMQ — publishes, sends, and what the outbox delivers later (MassTransit tells
/// publish observers only about publishes, so it is both) — and copies it, as serialized, into a bounded in-memory
/// buffer that <see cref="JournalWriter"/> drains to the stream. It works on the
/// transport body rather than on the message object because the outbox re-sends stored bytes, not objects. A send never
/// waits for the journal: when the buffer is full the entry is dropped and logged.
/// </summary>
public sealed class JournalObserver(IOptions<JournalOptions> options, IHostEnvironment environment, ILogger<JournalObserver> logger)
    : ISendObserver, IPublishObserver
{
    /// <summary>The service's short name, <c>tasks</c> for the application <c>CodeTether.Tasks</c>.</summary>
    private readonly string _service = environment.ApplicationName.Replace("CodeTether.", "", StringComparison.Ordinal).ToLowerInvariant();

    private readonly Channel<SentMessage> _buffer = Channel.CreateBounded<SentMessage>(
        new BoundedChannelOptions(options.Value.BufferCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public ChannelReader<SentMessage> Sent => _buffer.Reader;

    public Task PostPublish<T>(PublishContext<T> context) where T : class => Journal(context);

    public Task PostSend<T>(SendContext<T> context) where T : class => Journal(context);

    private Task Journal<T>(SendContext<T> context) where T : class
    {
        try
        {
            var message = new SentMessage(_service, context.MessageId, context.CorrelationId, context.ConversationId,
                context.SourceAddress?.ToString(), context.DestinationAddress?.ToString(), context.SentTime ?? DateTime.UtcNow,
                context.ContentType?.MediaType, context.Headers.GetAll().ToDictionary(h => h.Key, h => h.Value?.ToString() ?? ""),
                MessageTypeCache<T>.MessageTypeNames, BodyOf(context));
            if (!_buffer.Writer.TryWrite(message))
                logger.LogWarning("Journal buffer full: message {MessageId} ({MessageType}) is not journaled", context.MessageId, typeof(T).Name);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not journal message {MessageId} ({MessageType})", context.MessageId, typeof(T).Name);
        }
        return Task.CompletedTask;
    }

    /// <summary>The bytes the transport sent (already serialized by now); serialized again only for a transport that does not expose them.</summary>
    private static byte[] BodyOf<T>(SendContext<T> context) where T : class =>
        context is MassTransit.Context.MessageSendContext<T> sent ? sent.Body.GetBytes() : context.Serializer.GetMessageBody(context).GetBytes();

    public Task PreSend<T>(SendContext<T> context) where T : class => Task.CompletedTask;

    public Task SendFault<T>(SendContext<T> context, Exception exception) where T : class => Task.CompletedTask;

    public Task PrePublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

    public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}

/// <summary>A message as the bus sent it: its transport headers and serialized body, turned into a <see cref="JournalEntry"/> off the send path.</summary>
public sealed record SentMessage(string Service, Guid? MessageId, Guid? CorrelationId, Guid? ConversationId, string? SourceAddress,
    string? DestinationAddress, DateTime SentTime, string? ContentType, Dictionary<string, string> Headers, string[] MessageTypes, byte[] Body);
