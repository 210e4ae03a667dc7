using System.Text.Json;
using System.Text.Json.Nodes;
using CodeTether.ServiceDefaults.Journal;
using CodeTether.Tasks.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using RabbitMQ.Client;

namespace CodeTether.Tasks.Journal;

/// <summary>
/// Re-sends journaled messages as MassTransit envelopes, to the exchange they were first sent to (which reaches the same
/// consumers) or to a chosen queue. Each carries <see cref="ReplayHeader"/>. Without <c>force</c> a replay keeps the
/// message id, so consumers behind an inbox recognise it and change nothing; with <c>force</c> it gets a new id (the
/// original in <see cref="ReplayOfHeader"/>) and is consumed again.
/// </summary>
public sealed class JournalReplayer(TasksDbContext db, Uri rabbitMq)
{
    public const string ReplayHeader = "CodeTether-Replay";
    public const string ReplayOfHeader = "CodeTether-Replay-Of";
    private const string EnvelopeContentType = "application/vnd.masstransit+json";

    public async Task<JournalReplayed> ReplayAsync(JournalSelection selection, string? toQueue, bool force, CancellationToken cancellationToken)
    {
        var messages = await selection.Apply(db).ToListAsync(cancellationToken);
        await using var connection = await JournalStream.ConnectionFactory(rabbitMq, "tasks journal replay").CreateConnectionAsync(cancellationToken);
        if (toQueue is not null)
            await EnsureQueueAsync(connection, toQueue, cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);

        var replayed = new List<ReplayedMessage>();
        foreach (var message in messages)
        {
            var entry = JsonSerializer.Deserialize<JournalEntry>(message.Entry, JournalEntry.Json)!;
            var messageId = force ? NewId.NextGuid() : entry.MessageId ?? NewId.NextGuid();
            // To a chosen queue through the default exchange; else to the original destination's exchange.
            var exchange = toQueue is null ? OriginalExchange(entry) : "";
            if (exchange is null)
                continue;
            var properties = new BasicProperties
            {
                ContentType = EnvelopeContentType,
                DeliveryMode = DeliveryModes.Persistent,
                MessageId = messageId.ToString(),
                Headers = new Dictionary<string, object?> { [ReplayHeader] = "true", [ReplayOfHeader] = entry.MessageId?.ToString() },
            };
            await channel.BasicPublishAsync(exchange, toQueue ?? "", mandatory: false, properties, Envelope(entry, messageId), cancellationToken);
            replayed.Add(new ReplayedMessage(entry.MessageId, messageId, JournalEntry.ShortType(message.MessageType), toQueue ?? exchange));
        }
        return new JournalReplayed(replayed.Count, replayed);
    }

    /// <summary>MassTransit's JSON envelope for the entry: its body and headers, as a consumer would have received it, marked as a replay.</summary>
    public static byte[] Envelope(JournalEntry entry, Guid messageId)
    {
        var headers = new JsonObject();
        foreach (var (name, value) in entry.Headers)
            headers[name] = value;
        headers[ReplayHeader] = "true";
        var envelope = new JsonObject
        {
            ["messageId"] = messageId.ToString(),
            ["requestId"] = entry.RequestId?.ToString(),
            ["correlationId"] = entry.CorrelationId?.ToString(),
            ["conversationId"] = entry.ConversationId?.ToString(),
            ["initiatorId"] = entry.InitiatorId?.ToString(),
            ["sourceAddress"] = entry.SourceAddress,
            ["destinationAddress"] = entry.DestinationAddress,
            ["responseAddress"] = entry.ResponseAddress,
            ["faultAddress"] = entry.FaultAddress,
            ["messageType"] = new JsonArray(entry.MessageTypes.Select(t => (JsonNode)JsonValue.Create(t)).ToArray()),
            ["message"] = JsonNode.Parse(entry.Body.GetRawText()),
            ["sentTime"] = entry.SentTime,
            ["headers"] = headers,
        };
        return JsonSerializer.SerializeToUtf8Bytes(envelope);
    }

    /// <summary>The exchange named by the destination address (<c>rabbitmq://host/vhost/name?…</c>): a queue's own exchange or a message type's.</summary>
    private static string? OriginalExchange(JournalEntry entry) =>
        Uri.TryCreate(entry.DestinationAddress, UriKind.Absolute, out var address) && address.Segments.Length > 0
            ? Uri.UnescapeDataString(address.Segments[^1].TrimEnd('/'))
            : null;

    private static async Task EnsureQueueAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        try
        {
            await using var probe = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await probe.QueueDeclarePassiveAsync(queue, cancellationToken);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        }
    }
}

public sealed record JournalReplayed(int Count, IReadOnlyList<ReplayedMessage> Messages);

/// <param name="OriginalMessageId">The journaled message's id; <paramref name="MessageId"/> differs from it only when forced.</param>
public sealed record ReplayedMessage(Guid? OriginalMessageId, Guid MessageId, string Type, string SentTo);
