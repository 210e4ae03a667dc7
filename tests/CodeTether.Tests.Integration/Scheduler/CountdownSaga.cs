using MassTransit;

namespace CodeTether.Tests.Integration.Scheduler;

public record SagaCountdownStarted(Guid CorrelationId);

public record SagaCountdownStopped(Guid CorrelationId);

public record SagaCountdownElapsed(Guid CorrelationId);

public sealed class CountdownState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = "";
    public Guid? ElapsedToken { get; set; }
}

/// <summary>A saga with a three-second timeout through <c>Schedule(...)</c>, and <c>Unschedule</c> when stopped.</summary>
public sealed class CountdownSaga : MassTransitStateMachine<CountdownState>
{
    public CountdownSaga(Arrivals arrivals)
    {
        InstanceState(x => x.CurrentState);
        Event(() => Started, e => e.CorrelateById(m => m.Message.CorrelationId));
        Event(() => Stopped, e => e.CorrelateById(m => m.Message.CorrelationId));
        Schedule(() => Elapsed, x => x.ElapsedToken, s =>
        {
            s.Delay = TimeSpan.FromSeconds(3);
            s.Received = r => r.CorrelateById(m => m.Message.CorrelationId);
        });

        Initially(When(Started)
            .Schedule(Elapsed, c => new SagaCountdownElapsed(c.Saga.CorrelationId))
            .TransitionTo(Running));
        During(Running,
            When(Stopped).Unschedule(Elapsed).TransitionTo(Done),
            When(Elapsed!.Received).Then(c => arrivals.Add(c.Saga.CorrelationId)).TransitionTo(Done));
    }

    public State Running { get; private set; } = null!;
    public State Done { get; private set; } = null!;
    public Event<SagaCountdownStarted> Started { get; private set; } = null!;
    public Event<SagaCountdownStopped> Stopped { get; private set; } = null!;
    public Schedule<CountdownState, SagaCountdownElapsed> Elapsed { get; private set; } = null!;
}
