using CodeTether.ServiceDefaults.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static CodeTether.Tests.Integration.Persistence.PersistenceTestHost;

namespace CodeTether.Tests.Integration.Persistence;

public sealed class BusOutboxTests(ITestOutputHelper output) : PersistenceTest
{
    static readonly string AuditQueue = KebabCaseEndpointNameFormatter.Instance.Consumer<RecordingConsumer<AuditNote>>();

    static void UseBusOutbox(IBusRegistrationConfigurator x) => x.AddEntityFrameworkOutbox<PersistenceTestDbContext>(o =>
    {
        o.UsePostgres();
        o.UseBusOutbox();
        o.QueryDelay = TimeSpan.FromSeconds(1);
    });

    [Fact]
    public async Task While_the_broker_is_down_messages_commit_with_the_data_and_are_delivered_once_when_it_is_back()
    {
        await using var broker = new BrokerGate(VirtualHost);
        await using var host = await StartAsync(Database.ConnectionString, broker.Address, x =>
        {
            UseBusOutbox(x);
            x.AddConsumer<RecordingConsumer<NoteRecorded>>();
            x.AddConsumer<RecordingConsumer<AuditNote>>();
        }, services => services.AddSingleton<Received<NoteRecorded>>().AddSingleton<Received<AuditNote>>(), waitUntilStarted: false);
        var recorded = host.Services.GetRequiredService<Received<NoteRecorded>>();
        var audited = host.Services.GetRequiredService<Received<AuditNote>>();

        await using (var request = host.Services.CreateAsyncScope())
        {
            var db = request.ServiceProvider.GetRequiredService<PersistenceTestDbContext>();
            db.Notes.Add(new Note { Text = "offline" });
            await request.ServiceProvider.GetRequiredService<IPublishEndpoint>().Publish(new NoteRecorded("offline"));
            var audit = await request.ServiceProvider.GetRequiredService<ISendEndpointProvider>().GetSendEndpoint(new Uri($"queue:{AuditQueue}"));
            await audit.Send(new AuditNote("offline"));
            await db.SaveChangesAsync();
        }
        await using (var abandoned = host.Services.CreateAsyncScope())
            await abandoned.ServiceProvider.GetRequiredService<IPublishEndpoint>().Publish(new NoteRecorded("never saved"));

        Assert.Equal(1, await host.QueryAsync(db => db.Notes.CountAsync(x => x.Text == "offline")));
        Assert.Equal(2, await host.QueryAsync(db => db.Set<OutboxMessage>().CountAsync()));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Empty(recorded.Messages);
        Assert.Equal(2, await host.QueryAsync(db => db.Set<OutboxMessage>().CountAsync()));

        broker.Open();

        await EventuallyAsync(() => recorded.Messages.Count > 0 && audited.Messages.Count > 0, "both messages arrive once the broker is back");
        await EventuallyAsync(() => host.QueryAsync(async db => !await db.Set<OutboxMessage>().AnyAsync() && !await db.Set<OutboxState>().AnyAsync()),
            "the delivered outbox is removed");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal([new NoteRecorded("offline")], recorded.Messages);
        Assert.Equal([new AuditNote("offline")], audited.Messages);
    }

    [Fact]
    public async Task Two_service_instances_deliver_every_message_once_and_each_outbox_in_order()
    {
        const int outboxes = 60, messagesPerOutbox = 3;
        var received = new Received<SequencedEvent>();
        void Receive(IBusRegistrationConfigurator x) => x.AddConsumer<RecordingConsumer<SequencedEvent>>().Endpoint(e =>
        {
            e.ConcurrentMessageLimit = 1;
            e.PrefetchCount = 1;
        });
        // The receiver's queue exists before anything is delivered, as a deployed service's would.
        await using (await StartAsync(Database.ConnectionString, VirtualHost.Address, Receive, services => services.AddSingleton(received)))
        {
        }
        // Outboxes written while the broker was down.
        await using (var broker = new BrokerGate(VirtualHost))
        await using (var writer = await StartAsync(Database.ConnectionString, broker.Address, UseBusOutbox, waitUntilStarted: false))
        {
            for (var outbox = 0; outbox < outboxes; outbox++)
            {
                await using var scope = writer.Services.CreateAsyncScope();
                var publisher = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();
                for (var index = 0; index < messagesPerOutbox; index++)
                    await publisher.Publish(new SequencedEvent(outbox, index));
                await scope.ServiceProvider.GetRequiredService<PersistenceTestDbContext>().SaveChangesAsync();
            }
        }

        // Not waiting for the first to be up before starting the second, so that both find the outboxes waiting.
        await using var first = await StartAsync(Database.ConnectionString, VirtualHost.Address, UseBusOutbox, waitUntilStarted: false);
        await using var second = await StartAsync(Database.ConnectionString, VirtualHost.Address, x =>
        {
            UseBusOutbox(x);
            Receive(x);
        }, services => services.AddSingleton(received), waitUntilStarted: false);

        await EventuallyAsync(() => received.Messages.Count >= outboxes * messagesPerOutbox, "every message arrives");
        await EventuallyAsync(() => first.QueryAsync(async db => !await db.Set<OutboxState>().AnyAsync()), "every outbox is removed");
        await Task.Delay(TimeSpan.FromSeconds(2));
        var messages = received.Messages;
        Assert.Equal(outboxes * messagesPerOutbox, messages.Count);
        Assert.Equal(messages.Count, messages.Distinct().Count());
        foreach (var outbox in messages.GroupBy(x => x.Outbox))
            Assert.Equal(Enumerable.Range(0, messagesPerOutbox), outbox.Select(x => x.Index));
        var delivered = new[] { first, second }.Select(x => x.Services.GetRequiredService<DatabaseObserver>().DeliveredOutboxes).ToArray();
        output.WriteLine($"outboxes delivered by each instance: {string.Join(", ", delivered)}");
        Assert.Equal(outboxes, delivered.Sum());
        Assert.All(delivered, x => Assert.True(x > 0, $"one instance delivered all outboxes ({string.Join(", ", delivered)}), so they never ran side by side"));
    }
}
