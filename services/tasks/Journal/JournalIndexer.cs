using System.Text.Json;
using CodeTether.ServiceDefaults;
using CodeTether.ServiceDefaults.Journal;
using CodeTether.Tasks.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace CodeTether.Tasks.Journal;

/// <summary>
/// Reads the journal stream from where the index ends and stores each entry in <c>journal_messages</c>, keyed by its stream
/// offset (so reading an entry twice, after a restart or from a second instance, stores it once), with the task it is
/// about: the body's <c>taskId</c>, else its correlation id. Entries older than the retention are removed from the index
/// as the stream removes them.
/// </summary>
public sealed class JournalIndexer(IServiceScopeFactory scopes, IConfiguration configuration, IOptions<JournalOptions> options,
    TimeProvider clock, ILogger<JournalIndexer> logger) : BackgroundService
{
    private const ushort Prefetch = 200;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(IndexUntilStoppedAsync(stoppingToken), RemoveExpiredAsync(stoppingToken));

    private async Task IndexUntilStoppedAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await IndexAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Journal indexing stopped; resuming in {Delay}", RetryDelay);
                await Task.Delay(RetryDelay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task IndexAsync(CancellationToken stoppingToken)
    {
        long? last;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TasksDbContext>();
            last = await db.JournalMessages.MaxAsync(m => (long?)m.Offset, stoppingToken);
        }

        await using var connection = await JournalStream.ConnectionFactory(Messaging.RabbitMqAddress(configuration), "tasks journal indexer")
            .CreateConnectionAsync(stoppingToken);
        await JournalStream.DeclareAsync(connection, options.Value, stoppingToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken);
        await channel.BasicQosAsync(0, Prefetch, false, stoppingToken);

        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            try
            {
                await StoreAsync(delivery, stoppingToken);
                await channel.BasicAckAsync(delivery.DeliveryTag, false, stoppingToken);
            }
            catch (Exception e)
            {
                stopped.TrySetException(e);
            }
        };
        consumer.ShutdownAsync += (_, reason) =>
        {
            stopped.TrySetException(new InvalidOperationException($"Journal stream consumer shut down: {reason.ReplyText}"));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(options.Value.Stream, autoAck: false, consumerTag: "", noLocal: false, exclusive: false,
            new Dictionary<string, object?> { ["x-stream-offset"] = last is { } offset ? offset + 1 : "first" }, consumer, stoppingToken);

        await using var stop = stoppingToken.Register(() => stopped.TrySetCanceled(stoppingToken));
        await stopped.Task;
    }

    private async Task StoreAsync(BasicDeliverEventArgs delivery, CancellationToken cancellationToken)
    {
        var offset = Convert.ToInt64(delivery.BasicProperties.Headers!["x-stream-offset"]);
        var json = System.Text.Encoding.UTF8.GetString(delivery.Body.Span);
        var entry = JsonSerializer.Deserialize<JournalEntry>(json, JournalEntry.Json)!;

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TasksDbContext>();
        db.JournalMessages.Add(new JournalMessage
        {
            Offset = offset,
            MessageId = entry.MessageId,
            MessageType = entry.MessageTypes.FirstOrDefault() ?? "unknown",
            TaskId = TaskIdOf(entry),
            CorrelationId = entry.CorrelationId,
            ConversationId = entry.ConversationId,
            Service = entry.Service,
            SourceAddress = entry.SourceAddress,
            DestinationAddress = entry.DestinationAddress,
            SentTime = entry.SentTime,
            Entry = json,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Indexed already: read again after a restart, or by another instance first.
        }
    }

    private static Guid? TaskIdOf(JournalEntry entry) =>
        entry.Body.ValueKind == JsonValueKind.Object && entry.Body.TryGetProperty("taskId", out var taskId) && taskId.TryGetGuid(out var id)
            ? id
            : entry.CorrelationId;

    private async Task RemoveExpiredAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(10));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var cutoff = clock.GetUtcNow() - options.Value.Retention;
                    await scope.ServiceProvider.GetRequiredService<TasksDbContext>().JournalMessages
                        .Where(m => m.SentTime < cutoff).ExecuteDeleteAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Could not remove expired journal entries from the index");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
