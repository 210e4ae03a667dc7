using System.Collections.Concurrent;
using System.Diagnostics;
using CodeTether.ServiceDefaults.Persistence;
using CodeTether.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CodeTether.Tests.Integration.Persistence.PersistenceTestHost;

namespace CodeTether.Tests.Integration.Persistence;

/// <summary>What the bus outbox delivers later, from its background service, belongs to the trace of the request that stored it.</summary>
public sealed class OutboxTraceContextTests : PersistenceTest
{
    [Fact]
    public async Task A_message_stored_while_the_broker_is_down_is_consumed_later_in_the_trace_of_the_request_that_stored_it()
    {
        using var spans = new SpanListener();
        var traces = new ConcurrentDictionary<string, ActivityTraceId?>();
        await using var broker = new BrokerGate(VirtualHost);
        await using var host = await StartAsync(Database.ConnectionString, broker.Address, x =>
        {
            x.AddEntityFrameworkOutbox<PersistenceTestDbContext>(o =>
            {
                o.UsePostgres();
                o.UseBusOutbox();
                o.QueryDelay = TimeSpan.FromSeconds(1);
            });
            x.AddConsumer<TraceRecordingConsumer>();
        }, services => services.AddSingleton(traces), waitUntilStarted: false);

        ActivityTraceId requestTrace;
        using (var request = SpanListener.Source.StartActivity("request"))
        {
            requestTrace = request!.TraceId;
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PersistenceTestDbContext>();
            db.Notes.Add(new Note { Text = "traced" });
            await scope.ServiceProvider.GetRequiredService<IPublishEndpoint>().Publish(new NoteRecorded("traced"));
            await db.SaveChangesAsync();
        }
        Assert.Equal(1, await host.QueryAsync(db => db.Set<OutboxMessage>().CountAsync()));

        broker.Open();

        await EventuallyAsync(() => traces.ContainsKey("traced"), "the message arrives once the broker is back");
        Assert.Equal(requestTrace, traces["traced"]);
    }

    public sealed class TraceRecordingConsumer(ConcurrentDictionary<string, ActivityTraceId?> traces) : IConsumer<NoteRecorded>
    {
        public Task Consume(ConsumeContext<NoteRecorded> context)
        {
            traces[context.Message.Text] = Activity.Current?.TraceId;
            return Task.CompletedTask;
        }
    }
}
