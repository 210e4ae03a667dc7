using CodeTether.ServiceDefaults.Persistence;
using MassTransit;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static CodeTether.Tests.Integration.Persistence.PersistenceTestHost;

namespace CodeTether.Tests.Integration.Persistence;

public sealed class SagaRepositoryTests(ITestOutputHelper output) : PersistenceTest
{
    static readonly string CounterQueue = KebabCaseEndpointNameFormatter.Instance.Saga<CounterState>();

    static Action<IBusRegistrationConfigurator> Counter(bool throughOutbox) => x =>
    {
        if (throughOutbox)
        {
            x.AddEntityFrameworkOutbox<PersistenceTestDbContext>();
            x.AddConfigureEndpointsCallback((context, _, e) => e.UseEntityFrameworkOutbox<PersistenceTestDbContext>(context));
        }
        x.AddSagaStateMachine<CounterStateMachine, CounterState>()
            .EntityFrameworkRepository(r =>
            {
                r.ConcurrencyMode = ConcurrencyMode.Optimistic;
                r.ExistingDbContext<PersistenceTestDbContext>();
            })
            .Endpoint(e =>
            {
                e.ConcurrentMessageLimit = 8;
                e.PrefetchCount = 16;
            });
        x.AddConsumer<CounterFinishedConsumer>();
        x.AddConsumer<RecordingConsumer<Fault<IncrementCounter>>>().Endpoint(e => e.Name = "increment-counter-faults");
    };

    static void Observe(IServiceCollection services) => services
        .AddSingleton<Received<(CounterFinished Event, string StoredState)>>()
        .AddSingleton<Received<Fault<IncrementCounter>>>();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Concurrent_events_on_one_instance_are_each_counted_once(bool throughOutbox)
    {
        await using var host = await StartAsync(Database.ConnectionString, VirtualHost.Address, Counter(throughOutbox), Observe);
        var faults = host.Services.GetRequiredService<Received<Fault<IncrementCounter>>>();
        var counter = await host.EndpointAsync(CounterQueue);
        var id = NewId.NextGuid();
        await counter.Send(new StartCounter(id));
        await EventuallyAsync(() => host.QueryAsync(db => db.Counters.AnyAsync(x => x.CorrelationId == id)), "the counter exists");

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => counter.Send(new IncrementCounter(id))));

        await EventuallyAsync(async () => (await LoadAsync(host, id)).Count >= 50, "50 increments are counted");
        await Task.Delay(TimeSpan.FromSeconds(1));
        var stored = await LoadAsync(host, id);
        Assert.Equal(50, stored.Count);
        Assert.Equal(1 + 50, stored.Version);
        var staleVersions = host.Services.GetRequiredService<DatabaseObserver>().StaleVersions;
        output.WriteLine($"{staleVersions} updates of a stale version were retried");
        Assert.True(staleVersions > 0, "the increments never raced, so the test proved nothing");
        Assert.Empty(faults.Messages);
    }

    [Fact]
    public async Task Concurrent_first_events_create_one_instance_and_the_others_update_it()
    {
        await using var host = await StartAsync(Database.ConnectionString, VirtualHost.Address, Counter(throughOutbox: true), Observe);
        var counter = await host.EndpointAsync(CounterQueue);
        var id = NewId.NextGuid();

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => counter.Send(new StartCounter(id))));

        await EventuallyAsync(async () => await host.QueryAsync(db => db.Counters.AnyAsync(x => x.CorrelationId == id && x.Starts >= 10)), "10 starts are counted");
        await Task.Delay(TimeSpan.FromSeconds(1));
        var stored = await LoadAsync(host, id);
        Assert.Equal(10, stored.Starts);
        Assert.Equal(10, stored.Version);
        var duplicateInserts = host.Services.GetRequiredService<DatabaseObserver>().DuplicateInserts;
        output.WriteLine($"{duplicateInserts} duplicate inserts were retried");
        Assert.True(duplicateInserts > 0, "the first events never raced, so the test proved nothing");
    }

    [Fact]
    public async Task A_restarted_service_continues_the_saga_from_its_stored_state_and_publishes_after_commit()
    {
        var id = NewId.NextGuid();
        await using (var first = await StartAsync(Database.ConnectionString, VirtualHost.Address, Counter(throughOutbox: true), Observe))
        {
            var counter = await first.EndpointAsync(CounterQueue);
            await counter.Send(new StartCounter(id));
            await EventuallyAsync(() => first.QueryAsync(db => db.Counters.AnyAsync(x => x.CorrelationId == id)), "the counter exists");
            for (var i = 0; i < 3; i++)
                await counter.Send(new IncrementCounter(id));
            await EventuallyAsync(async () => (await LoadAsync(first, id)).Count == 3, "3 increments are counted");

            var loaded = await first.Services.GetRequiredService<ILoadSagaRepository<CounterState>>().Load(id);
            Assert.Equal(3, loaded.Count);
            var found = await first.Services.GetRequiredService<IQuerySagaRepository<CounterState>>().Find(new SagaQuery<CounterState>(x => x.Count == 3));
            Assert.Equal([id], found);

        }

        await using var second = await StartAsync(Database.ConnectionString, VirtualHost.Address, Counter(throughOutbox: true), Observe);
        var finished = second.Services.GetRequiredService<Received<(CounterFinished Event, string StoredState)>>();
        var endpoint = await second.EndpointAsync(CounterQueue);
        await endpoint.Send(new IncrementCounter(id));
        await endpoint.Send(new IncrementCounter(id));
        await EventuallyAsync(async () => (await LoadAsync(second, id)).Count == 5, "5 increments are counted");
        await endpoint.Send(new FinishCounter(id));

        await EventuallyAsync(() => finished.Messages.Count > 0, "CounterFinished arrives");
        await Task.Delay(TimeSpan.FromSeconds(1));
        var (finishedEvent, storedStateWhenItArrived) = Assert.Single(finished.Messages);
        Assert.Equal(new CounterFinished(id, 5), finishedEvent);
        Assert.Equal(nameof(CounterStateMachine.Finished), storedStateWhenItArrived);
    }

    static Task<CounterState> LoadAsync(PersistenceTestHost host, Guid id) =>
        host.QueryAsync(db => db.Counters.AsNoTracking().SingleAsync(x => x.CorrelationId == id));
}
