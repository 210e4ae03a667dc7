using System.Text;
using System.Text.Json;
using CodeTether.Contracts.Tasks;
using CodeTether.ServiceDefaults;
using CodeTether.Tasks.Data;
using CodeTether.Tasks.Journal;
using CodeTether.Testing;
using CodeTether.Tests.Integration.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace CodeTether.Tests.Integration.Journal;

/// <summary>The journal as a service writes it (AddMessaging) and the tasks service indexes and replays it.</summary>
public class JournalTests
{
    [Fact]
    public async Task Published_and_sent_messages_are_journaled_with_their_headers_and_a_replay_to_a_debug_queue_delivers_the_same_bodies()
    {
        await using var database = await TestInfrastructure.CreateDatabaseAsync("journal");
        await using var vhost = await TestInfrastructure.CreateVirtualHostAsync("journal");
        using var host = await StartServiceAsync(database, vhost);
        var bus = host.Services.GetRequiredService<IBus>();

        var taskId = NewId.NextGuid();
        var publishedId = NewId.NextGuid();
        var sentId = NewId.NextGuid();
        var conversationId = NewId.NextGuid();
        await bus.Publish(new TaskStarted { TaskId = taskId, TenantId = Guid.NewGuid(), RunId = Guid.NewGuid(), StartedAt = DateTimeOffset.UtcNow },
            c => { c.MessageId = publishedId; c.ConversationId = conversationId; });
        var endpoint = await bus.GetSendEndpoint(new Uri("queue:journal-probe"));
        await endpoint.Send(new CancelTask { TaskId = taskId, RequestedAt = DateTimeOffset.UtcNow },
            c => { c.MessageId = sentId; c.ConversationId = conversationId; c.Headers.Set("X-Probe", "yes"); });

        List<JournalMessage> journaled = [];
        await PersistenceTestHost.EventuallyAsync(async () =>
        {
            journaled = await QueryAsync(host, db => db.JournalMessages.Where(m => m.TaskId == taskId).OrderBy(m => m.Offset).ToListAsync());
            return journaled.Count == 2;
        }, "both messages are journaled and indexed by task");

        var published = Assert.Single(journaled, m => m.MessageId == publishedId);
        Assert.Equal("urn:message:CodeTether.Contracts.Tasks:TaskStarted", published.MessageType);
        Assert.Equal(conversationId, published.ConversationId);
        Assert.Contains("/CodeTether.Contracts.Tasks:TaskStarted", published.DestinationAddress);
        Assert.False(string.IsNullOrEmpty(published.SourceAddress));
        Assert.Equal("tests.integration", published.Service);
        var sent = Assert.Single(journaled, m => m.MessageId == sentId);
        Assert.Equal("urn:message:CodeTether.Contracts.Tasks:CancelTask", sent.MessageType);
        Assert.Contains("/journal-probe", sent.DestinationAddress);
        var sentEntry = JsonDocument.Parse(sent.Entry).RootElement;
        Assert.Equal("yes", sentEntry.GetProperty("headers").GetProperty("X-Probe").GetString());
        Assert.Equal(taskId, sentEntry.GetProperty("body").GetProperty("taskId").GetGuid());
        Assert.True(sent.SentTime > DateTimeOffset.UtcNow.AddMinutes(-5));

        var replay = await QueryAsync(host, db => new JournalReplayer(db, vhost.Address)
            .ReplayAsync(new JournalSelection(TaskId: taskId), "journal-debug", force: false, CancellationToken.None));
        Assert.Equal(2, replay.Count);

        using var connection = await new ConnectionFactory { Uri = vhost.Address }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var original in journaled)
        {
            var delivered = await channel.BasicGetAsync("journal-debug", autoAck: true);
            Assert.NotNull(delivered);
            Assert.Equal("true", Encoding.UTF8.GetString((byte[])delivered.BasicProperties.Headers!["CodeTether-Replay"]!));
            var envelope = JsonDocument.Parse(delivered.Body).RootElement;
            Assert.Equal(original.MessageId, envelope.GetProperty("messageId").GetGuid());
            var originalBody = JsonDocument.Parse(original.Entry).RootElement.GetProperty("body");
            Assert.True(JsonElement.DeepEquals(originalBody, envelope.GetProperty("message")), $"{originalBody} != {envelope.GetProperty("message")}");
        }
    }

    [Fact]
    public async Task A_forced_replay_to_the_original_queue_is_consumed_again_by_MassTransit_marked_as_a_replay()
    {
        await using var database = await TestInfrastructure.CreateDatabaseAsync("journal_force");
        await using var vhost = await TestInfrastructure.CreateVirtualHostAsync("journal_force");
        var consumed = new ConsumedCancellations();
        using var host = await StartServiceAsync(database, vhost, bus => bus.AddConsumer<CancelTaskProbeConsumer>().Endpoint(e => e.Name = "cancel-probe"),
            services => services.AddSingleton(consumed));

        var taskId = NewId.NextGuid();
        await host.Services.GetRequiredService<IBus>().Publish(new CancelTask { TaskId = taskId, RequestedAt = DateTimeOffset.UtcNow });
        await PersistenceTestHost.EventuallyAsync(() => consumed.Count(taskId) == 1, "the original is consumed");
        await PersistenceTestHost.EventuallyAsync(
            () => QueryAsync(host, db => db.JournalMessages.AnyAsync(m => m.TaskId == taskId)), "the original is journaled");

        var replay = await QueryAsync(host, db => new JournalReplayer(db, vhost.Address)
            .ReplayAsync(new JournalSelection(TaskId: taskId, MessageType: "CancelTask"), null, force: true, CancellationToken.None));

        Assert.Equal(1, replay.Count);
        await PersistenceTestHost.EventuallyAsync(() => consumed.Count(taskId) == 2, "the forced replay is consumed again");
        Assert.True(consumed.SawReplay(taskId));
    }

    public static async Task<IHost> StartServiceAsync(IsolatedDatabase database, IsolatedVirtualHost vhost,
        Action<IBusRegistrationConfigurator>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "CodeTether.Tests.Integration" });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = database.ConnectionString,
            ["ConnectionStrings:RabbitMq"] = vhost.Address.ToString(),
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddServiceDatabase<TasksDbContext>();
        builder.Services.AddHostedService<JournalIndexer>();
        services?.Invoke(builder.Services);
        builder.AddMessaging(bus => configure?.Invoke(bus));
        builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        var host = builder.Build();
        LogContext.ConfigureCurrentLogContext(host.Services.GetRequiredService<ILoggerFactory>());
        await host.StartAsync();
        return host;
    }

    public static async Task<T> QueryAsync<T>(IHost host, Func<TasksDbContext, Task<T>> query)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TasksDbContext>());
    }
}

public sealed class ConsumedCancellations
{
    private readonly List<(Guid TaskId, bool Replay)> _consumed = [];

    public void Add(Guid taskId, bool replay)
    {
        lock (_consumed)
            _consumed.Add((taskId, replay));
    }

    public int Count(Guid taskId)
    {
        lock (_consumed)
            return _consumed.Count(c => c.TaskId == taskId);
    }

    public bool SawReplay(Guid taskId)
    {
        lock (_consumed)
            return _consumed.Any(c => c.TaskId == taskId && c.Replay);
    }
}

public sealed class CancelTaskProbeConsumer(ConsumedCancellations consumed) : IConsumer<CancelTask>
{
    public Task Consume(ConsumeContext<CancelTask> context)
    {
        consumed.Add(context.Message.TaskId, context.Headers.Get<string>(JournalReplayer.ReplayHeader) == "true");
        return Task.CompletedTask;
    }
}
