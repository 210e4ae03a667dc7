using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CodeTether.ServiceDefaults.Journal;
using RabbitMQ.Client;

namespace CodeTether.Tasks.Journal;

/// <summary>
/// MassTransit's <c>_error</c> queues: what is in them and why (the <c>MT-Fault-*</c> headers), and moving messages back
/// to the queue they failed on. Messages are read with <c>basic.get</c> and not acknowledged, so those that are only
/// looked at (or not chosen) go back to the error queue when the channel closes; a moved message is acknowledged only
/// after the broker confirms its copy in the original queue.
/// </summary>
public sealed class ErrorQueues(Uri rabbitMq, Uri management)
{
    public const string Suffix = "_error";
    private static readonly string[] FaultHeaderPrefixes = ["MT-Fault-", "MT-Reason", "MT-Host-", "MT-Redelivery-Count"];

    /// <summary>The vhost's error queues, empty ones included, from the management API (AMQP cannot list queues).</summary>
    public async Task<IReadOnlyList<string>> NamesAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new UriBuilder(management) { UserName = "", Password = "" }.Uri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(management.UserInfo))));
        var vhost = Uri.EscapeDataString(VirtualHost());
        var queues = await http.GetFromJsonAsync<JsonElement>($"api/queues/{vhost}?columns=name", cancellationToken);
        return queues.EnumerateArray().Select(q => q.GetProperty("name").GetString()!)
            .Where(n => n.EndsWith(Suffix, StringComparison.Ordinal)).Order().ToList();
    }

    public async Task<IReadOnlyList<ErrorQueue>> ListAsync(string? queue, CancellationToken cancellationToken)
    {
        var names = queue is null ? await NamesAsync(cancellationToken) : [ErrorQueueName(queue)];
        await using var connection = await Connect(cancellationToken);
        var result = new List<ErrorQueue>();
        foreach (var name in names)
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            var messages = new List<FailedMessage>();
            while (await channel.BasicGetAsync(name, autoAck: false, cancellationToken) is { } message)
                messages.Add(FailedMessage.From(message));
            result.Add(new ErrorQueue(name, name[..^Suffix.Length], messages));
        }
        return result;
    }

    /// <summary>Moves every message of <paramref name="queue"/>'s error queue back to it, or only the one with <paramref name="messageId"/>.</summary>
    public async Task<Redriven> RedriveAsync(string queue, string? messageId, CancellationToken cancellationToken)
    {
        var errorQueue = ErrorQueueName(queue);
        var target = errorQueue[..^Suffix.Length];
        await using var connection = await Connect(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        var moved = new List<string?>();
        while (await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken) is { } message)
        {
            if (messageId is not null && message.BasicProperties.MessageId != messageId)
                continue;
            var properties = new BasicProperties(message.BasicProperties)
            {
                Headers = message.BasicProperties.Headers?
                    .Where(h => !FaultHeaderPrefixes.Any(p => h.Key.StartsWith(p, StringComparison.Ordinal)))
                    .ToDictionary(h => h.Key, h => h.Value),
            };
            await channel.BasicPublishAsync("", target, mandatory: false, properties, message.Body, cancellationToken);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            moved.Add(message.BasicProperties.MessageId);
            if (messageId is not null)
                break;
        }
        return new Redriven(errorQueue, target, moved.Count, moved);
    }

    private static string ErrorQueueName(string queue) => queue.EndsWith(Suffix, StringComparison.Ordinal) ? queue : queue + Suffix;

    private string VirtualHost() => rabbitMq.AbsolutePath.Length > 1 ? Uri.UnescapeDataString(rabbitMq.AbsolutePath[1..]) : "/";

    private Task<IConnection> Connect(CancellationToken cancellationToken) =>
        JournalStream.ConnectionFactory(rabbitMq, "tasks error queues").CreateConnectionAsync(cancellationToken);
}

public sealed record ErrorQueue(string Queue, string OriginalQueue, IReadOnlyList<FailedMessage> Messages);

public sealed record FailedMessage(string? MessageId, string? MessageType, string? FaultReason, string? ExceptionType, string? FaultedAt)
{
    public static FailedMessage From(BasicGetResult message)
    {
        var headers = message.BasicProperties.Headers;
        string? Header(string name) => headers is not null && headers.TryGetValue(name, out var value)
            ? value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value?.ToString()
            : null;
        return new FailedMessage(message.BasicProperties.MessageId, Header("MT-Fault-MessageType") ?? message.BasicProperties.Type,
            Header("MT-Fault-Message"), Header("MT-Fault-ExceptionType"), Header("MT-Fault-Timestamp"));
    }
}

public sealed record Redriven(string ErrorQueue, string Queue, int Count, IReadOnlyList<string?> MessageIds);
