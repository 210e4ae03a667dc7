using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace CodeTether.ServiceDefaults.Journal;

/// <summary>
/// Drains the journal buffer into the RabbitMQ stream on a connection of its own (publisher confirms on), so the bus never
/// waits for it. While the broker is unreachable the buffer holds entries and the writer reconnects.
/// </summary>
public sealed class JournalWriter(JournalObserver observer, Uri rabbitMq, IOptions<JournalOptions> options, IHostEnvironment environment,
    ILogger<JournalWriter> logger) : BackgroundService
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);

    private async Task<JournalEntry> NextEntryAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var sent = await observer.Sent.ReadAsync(cancellationToken);
            try
            {
                return JournalEntry.From(sent);
            }
            catch (JsonException e)
            {
                logger.LogWarning(e, "Message {MessageId} has a body that is not JSON; it is not journaled", sent.MessageId);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        JournalEntry? pending = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await JournalStream.ConnectionFactory(rabbitMq, $"{environment.ApplicationName} journal")
                    .CreateConnectionAsync(stoppingToken);
                await JournalStream.DeclareAsync(connection, options.Value, stoppingToken);
                await using var channel = await connection.CreateChannelAsync(
                    new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), stoppingToken);
                while (true)
                {
                    pending ??= await NextEntryAsync(stoppingToken);
                    var properties = new BasicProperties
                    {
                        ContentType = "application/json",
                        DeliveryMode = DeliveryModes.Persistent,
                        MessageId = pending.MessageId?.ToString(),
                        Type = pending.MessageTypes.FirstOrDefault(),
                    };
                    await channel.BasicPublishAsync("", options.Value.Stream, mandatory: false, properties,
                        JsonSerializer.SerializeToUtf8Bytes(pending, JournalEntry.Json), stoppingToken);
                    pending = null;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Journal stream unavailable; retrying in {Delay}", ReconnectDelay);
                await Task.Delay(ReconnectDelay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
