using RabbitMQ.Client;

namespace CodeTether.ServiceDefaults.Journal;

/// <summary>The journal's RabbitMQ stream: declared the same way by whoever touches it first.</summary>
public static class JournalStream
{
    public static ConnectionFactory ConnectionFactory(Uri rabbitMq, string clientName) => new()
    {
        Uri = rabbitMq,
        ClientProvidedName = clientName,
        AutomaticRecoveryEnabled = false,
    };

    /// <summary>
    /// Declares the stream with its retention. A stream declared earlier with another retention is left as it is (RabbitMQ
    /// refuses to redeclare it with other arguments); a policy changes the retention of an existing stream.
    /// </summary>
    public static async Task DeclareAsync(IConnection connection, JournalOptions options, CancellationToken cancellationToken)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            await channel.QueueDeclareAsync(options.Stream, durable: true, exclusive: false, autoDelete: false,
                new Dictionary<string, object?>
                {
                    ["x-queue-type"] = "stream",
                    ["x-max-age"] = $"{Math.Max(1, (long)options.Retention.TotalSeconds)}s",
                }, cancellationToken: cancellationToken);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 406)
        {
            // PRECONDITION_FAILED: it exists with other arguments, which is fine.
        }
    }
}
