using CodeTether.ServiceDefaults.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CodeTether.Tests.Integration.Persistence;

public sealed class PersistenceTestDbContext(DbContextOptions<PersistenceTestDbContext> options) : DbContext(options)
{
    public DbSet<Note> Notes => Set<Note>();
    public DbSet<CounterState> Counters => Set<CounterState>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        new CounterStateMap().Configure(modelBuilder);
        modelBuilder.Entity<Note>().ToTable("note");
        modelBuilder.AddInboxStateEntity();
        modelBuilder.AddOutboxMessageEntity();
        modelBuilder.AddOutboxStateEntity();
    }
}

/// <summary>Business data written in the same transaction as the messages about it. Not unique by text, so a duplicate would show.</summary>
public sealed class Note
{
    public long Id { get; set; }
    public required string Text { get; set; }
}

public sealed class CounterState : SagaStateMachineInstance, ISagaVersion
{
    public Guid CorrelationId { get; set; }
    public int Version { get; set; }
    public string CurrentState { get; set; } = "";
    public int Starts { get; set; }
    public int Count { get; set; }
}

public sealed class CounterStateMap : SagaClassMap<CounterState>
{
    protected override void Configure(EntityTypeBuilder<CounterState> entity, ModelBuilder model)
    {
        entity.ToTable("counter_state");
        entity.Property(x => x.CurrentState).HasMaxLength(64);
    }
}

public sealed record StartCounter(Guid CounterId);
public sealed record IncrementCounter(Guid CounterId);
public sealed record FinishCounter(Guid CounterId);
public sealed record CounterFinished(Guid CounterId, int Count);

public sealed class CounterStateMachine : MassTransitStateMachine<CounterState>
{
    public CounterStateMachine()
    {
        InstanceState(x => x.CurrentState);
        Event(() => Started, x => x.CorrelateById(m => m.Message.CounterId));
        Event(() => Incremented, x => x.CorrelateById(m => m.Message.CounterId));
        Event(() => Finish, x => x.CorrelateById(m => m.Message.CounterId));

        // Some work before the new instance is first saved: concurrent first events race to insert it meanwhile.
        Initially(When(Started).ThenAsync(_ => Task.Delay(TimeSpan.FromMilliseconds(200))).Then(x => x.Saga.Starts = 1).TransitionTo(Active));
        During(Active,
            When(Started).Then(x => x.Saga.Starts++),
            When(Incremented).Then(x => x.Saga.Count++),
            When(Finish).Publish(x => new CounterFinished(x.Saga.CorrelationId, x.Saga.Count)).TransitionTo(Finished));
    }

    public State Active { get; private set; } = null!;
    public State Finished { get; private set; } = null!;
    public Event<StartCounter> Started { get; private set; } = null!;
    public Event<IncrementCounter> Incremented { get; private set; } = null!;
    public Event<FinishCounter> Finish { get; private set; } = null!;
}

public sealed record RecordNote(string Text, bool Fail = false);
public sealed record NoteRecorded(string Text);
public sealed record AuditNote(string Text);
public sealed record SequencedEvent(int Outbox, int Index);

/// <summary>Saves a note and announces it; with <see cref="RecordNote.Fail"/> it throws after both, which must undo both.</summary>
public sealed class RecordNoteConsumer(PersistenceTestDbContext db) : IConsumer<RecordNote>
{
    public async Task Consume(ConsumeContext<RecordNote> context)
    {
        db.Notes.Add(new Note { Text = context.Message.Text });
        await context.Publish(new NoteRecorded(context.Message.Text));
        if (context.Message.Fail)
            throw new InvalidOperationException("The consumer failed after publishing.");
    }
}

/// <summary>Records, in the order of arrival, every message of type <typeparamref name="T"/> that reached the test.</summary>
public sealed class Received<T>
{
    readonly List<T> _messages = [];

    public IReadOnlyList<T> Messages
    {
        get { lock (_messages) return [.. _messages]; }
    }

    public void Add(T message)
    {
        lock (_messages) _messages.Add(message);
    }
}

public sealed class RecordingConsumer<T>(Received<T> received) : IConsumer<T>
    where T : class
{
    public Task Consume(ConsumeContext<T> context)
    {
        received.Add(context.Message);
        return Task.CompletedTask;
    }
}

/// <summary>When <see cref="CounterFinished"/> arrives, what the database says about the counter at that moment.</summary>
public sealed class CounterFinishedConsumer(PersistenceTestDbContext db, Received<(CounterFinished Event, string StoredState)> received) : IConsumer<CounterFinished>
{
    public async Task Consume(ConsumeContext<CounterFinished> context)
    {
        var stored = await db.Counters.AsNoTracking().SingleAsync(x => x.CorrelationId == context.Message.CounterId);
        received.Add((context.Message, stored.CurrentState));
    }
}
