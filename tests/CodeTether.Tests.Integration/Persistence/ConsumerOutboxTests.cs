using CodeTether.ServiceDefaults.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CodeTether.Tests.Integration.Persistence.PersistenceTestHost;

namespace CodeTether.Tests.Integration.Persistence;

public sealed class ConsumerOutboxTests : PersistenceTest
{
    static readonly string RecordNoteQueue = KebabCaseEndpointNameFormatter.Instance.Consumer<RecordNoteConsumer>();

    static Action<IBusRegistrationConfigurator> Notes(Action<IEntityFrameworkOutboxConfigurator>? outbox = null) => x =>
    {
        x.AddEntityFrameworkOutbox<PersistenceTestDbContext>(outbox);
        x.AddConfigureEndpointsCallback((context, _, e) => e.UseEntityFrameworkOutbox<PersistenceTestDbContext>(context));
        // One at a time, so that when a later message has been handled, every earlier one has been too.
        x.AddConsumer<RecordNoteConsumer>().Endpoint(e => e.ConcurrentMessageLimit = 1);
        x.AddConsumer<RecordingConsumer<NoteRecorded>>();
    };

    static void Observe(IServiceCollection services) => services.AddSingleton<Received<NoteRecorded>>();

    [Fact]
    public async Task A_message_delivered_twice_is_consumed_once()
    {
        await using var host = await StartAsync(Database.ConnectionString, VirtualHost.Address, Notes(), Observe);
        var recorded = host.Services.GetRequiredService<Received<NoteRecorded>>();
        var endpoint = await host.EndpointAsync(RecordNoteQueue);
        var messageId = NewId.NextGuid();

        await endpoint.Send(new RecordNote("once"), c => c.MessageId = messageId);
        await EventuallyAsync(() => recorded.Messages.Contains(new NoteRecorded("once")), "the first delivery is consumed");
        await endpoint.Send(new RecordNote("once"), c => c.MessageId = messageId);
        await endpoint.Send(new RecordNote("after"));
        await EventuallyAsync(() => recorded.Messages.Contains(new NoteRecorded("after")), "the message after the duplicate is consumed");
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Single(recorded.Messages, new NoteRecorded("once"));
        Assert.Equal(1, await host.QueryAsync(db => db.Notes.CountAsync(x => x.Text == "once")));
        var inbox = await host.QueryAsync(db => db.Set<InboxState>().AsNoTracking().Where(x => x.MessageId == messageId).ToListAsync());
        Assert.True(Assert.Single(inbox).Delivered.HasValue);
    }

    [Fact]
    public async Task A_consumer_that_throws_neither_saves_nor_publishes()
    {
        await using var host = await StartAsync(Database.ConnectionString, VirtualHost.Address, Notes(), Observe);
        var recorded = host.Services.GetRequiredService<Received<NoteRecorded>>();
        var endpoint = await host.EndpointAsync(RecordNoteQueue);

        await endpoint.Send(new RecordNote("doomed", Fail: true));
        await endpoint.Send(new RecordNote("after"));
        await EventuallyAsync(() => recorded.Messages.Contains(new NoteRecorded("after")), "the message after the failing one is consumed");
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.DoesNotContain(new NoteRecorded("doomed"), recorded.Messages);
        Assert.False(await host.QueryAsync(db => db.Notes.AnyAsync(x => x.Text == "doomed")));
        Assert.Equal(0, await host.QueryAsync(db => db.Set<OutboxMessage>().CountAsync()));
    }

    [Fact]
    public async Task Inbox_rows_are_removed_after_the_duplicate_detection_window()
    {
        await using var host = await StartAsync(Database.ConnectionString, VirtualHost.Address, Notes(o =>
        {
            o.DuplicateDetectionWindow = TimeSpan.FromSeconds(3);
            o.QueryDelay = TimeSpan.FromMilliseconds(500);
        }), Observe);
        var recorded = host.Services.GetRequiredService<Received<NoteRecorded>>();

        await (await host.EndpointAsync(RecordNoteQueue)).Send(new RecordNote("remembered for a while"));
        await EventuallyAsync(() => recorded.Messages.Count == 1, "the note is recorded");
        Assert.True(await host.QueryAsync(db => db.Set<InboxState>().AnyAsync()));

        await EventuallyAsync(() => host.QueryAsync(async db => !await db.Set<InboxState>().AnyAsync()), "the inbox is empty");
        Assert.Equal(0, await host.QueryAsync(db => db.Set<OutboxMessage>().CountAsync()));
    }
}
