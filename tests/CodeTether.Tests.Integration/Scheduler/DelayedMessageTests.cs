using System.Diagnostics;
using CodeTether.Testing;
using MassTransit;

namespace CodeTether.Tests.Integration.Scheduler;

/// <summary>
/// The scheduler service, as its own process, delivering MassTransit scheduled messages sent by a bus configured with the shared
/// <c>AddMessaging</c>: on time, after a restart, once with two instances, never when cancelled, and from a consumer's ScheduleSend.
/// </summary>
public class DelayedMessageTests
{
    static async Task DelayUntilAsync(DateTime time)
    {
        var wait = time - DateTime.UtcNow;
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait);
    }

    [Fact]
    public async Task A_message_scheduled_three_seconds_ahead_arrives_once_and_not_before_its_time()
    {
        await using var scheduler = await SchedulerProcesses.CreateAsync("sched_ontime");
        await scheduler.StartAsync();
        await using var bus = await TestServiceBus.StartAsync(scheduler.VirtualHost.Address);

        var id = Guid.NewGuid();
        var at = DateTime.UtcNow.AddSeconds(3);
        await bus.ScheduleAsync("scheduler-test-ping", at, new DelayedPing(id));

        Assert.True(await bus.Arrivals.WaitForAsync(a => a.Any(x => x.Id == id), TimeSpan.FromSeconds(30)), scheduler.Logs());
        var arrived = Assert.Single(bus.Arrivals.Of(id));
        Assert.True(arrived >= at, $"arrived {(at - arrived).TotalMilliseconds:F0} ms early");
        await scheduler.WaitForScheduledRowsAsync(0);
    }

    [Fact]
    public async Task A_scheduled_message_arrives_in_the_trace_that_scheduled_it()
    {
        using var spans = new SpanListener();
        await using var scheduler = await SchedulerProcesses.CreateAsync("sched_trace");
        await scheduler.StartAsync();
        await using var bus = await TestServiceBus.StartAsync(scheduler.VirtualHost.Address);

        var id = Guid.NewGuid();
        ActivityTraceId trace;
        using (var scheduling = SpanListener.Source.StartActivity("schedule"))
        {
            trace = scheduling!.TraceId;
            await bus.ScheduleAsync("scheduler-test-ping", DateTime.UtcNow.AddSeconds(2), new DelayedPing(id));
        }

        Assert.True(await bus.Arrivals.WaitForAsync(a => a.Any(x => x.Id == id), TimeSpan.FromSeconds(30)), scheduler.Logs());
        Assert.Equal(trace, bus.Arrivals.TraceOf(id));
    }

    [Fact]
    public async Task A_message_scheduled_before_the_scheduler_is_killed_is_delivered_once_after_it_restarts()
    {
        await using var scheduler = await SchedulerProcesses.CreateAsync("sched_restart");
        var first = await scheduler.StartAsync();
        await using var bus = await TestServiceBus.StartAsync(scheduler.VirtualHost.Address);

        var id = Guid.NewGuid();
        var at = DateTime.UtcNow.AddSeconds(20);
        await bus.ScheduleAsync("scheduler-test-ping", at, new DelayedPing(id));
        await scheduler.WaitForScheduledRowsAsync(1);

        await first.KillAsync();
        Assert.True(DateTime.UtcNow < at - TimeSpan.FromSeconds(5), "the scheduler took too long to store the message for this test to mean anything");
        await Task.Delay(1000);
        Assert.Empty(bus.Arrivals.All);

        await scheduler.StartAsync();
        Assert.True(DateTime.UtcNow < at, "the scheduler restarted after the message's time; the test does not show a restart before it");
        Assert.True(await bus.Arrivals.WaitForAsync(a => a.Any(x => x.Id == id), at - DateTime.UtcNow + TimeSpan.FromSeconds(30)), scheduler.Logs());
        await Task.Delay(TimeSpan.FromSeconds(5));

        var arrived = Assert.Single(bus.Arrivals.Of(id));
        Assert.True(arrived >= at, $"arrived {(at - arrived).TotalMilliseconds:F0} ms early");
        Assert.Equal(0, await scheduler.ScheduledRowsAsync());
    }

    [Fact]
    public async Task Two_scheduler_instances_deliver_fifty_messages_due_at_once_exactly_once_each()
    {
        await using var scheduler = await SchedulerProcesses.CreateAsync("sched_two");
        await scheduler.StartAsync();
        await scheduler.StartAsync();
        await using var bus = await TestServiceBus.StartAsync(scheduler.VirtualHost.Address);

        var at = DateTime.UtcNow.AddSeconds(15);
        var ids = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToList();
        await Task.WhenAll(ids.Select(id => bus.ScheduleAsync("scheduler-test-ping", at, new DelayedPing(id))));
        await scheduler.WaitForScheduledRowsAsync(50);
        Assert.True(DateTime.UtcNow < at, "scheduling took longer than the delay");

        Assert.True(await bus.Arrivals.WaitForAsync(a => a.Count >= 50, TimeSpan.FromSeconds(60)), $"{bus.Arrivals.All.Count} of 50 arrived\n{scheduler.Logs()}");
        await Task.Delay(TimeSpan.FromSeconds(5));

        var arrivals = bus.Arrivals.All;
        Assert.Equal(50, arrivals.Count);
        Assert.Equal(ids.Order(), arrivals.Select(x => x.Id).Order());
        Assert.All(arrivals, x => Assert.True(x.At >= at, "arrived early"));
        Assert.Equal(0, await scheduler.ScheduledRowsAsync());
    }

    [Fact]
    public async Task A_message_cancelled_before_its_time_is_never_delivered()
    {
        await using var scheduler = await SchedulerProcesses.CreateAsync("sched_cancel");
        await scheduler.StartAsync();
        await using var bus = await TestServiceBus.StartAsync(scheduler.VirtualHost.Address);

        var cancelled = Guid.NewGuid();
        var kept = Guid.NewGuid();
        var at = DateTime.UtcNow.AddSeconds(4);
        var scheduled = await bus.ScheduleAsync("scheduler-test-ping", at, new DelayedPing(cancelled));
        await bus.ScheduleAsync("scheduler-test-ping", at, new DelayedPing(kept));
        await bus.CancelAsync("scheduler-test-ping", scheduled.TokenId);
        await scheduler.WaitForScheduledRowsAsync(1);

        // The one not cancelled shows delivery works; then wait well past the time for the cancelled one.
        Assert.True(await bus.Arrivals.WaitForAsync(a => a.Any(x => x.Id == kept), TimeSpan.FromSeconds(30)), scheduler.Logs());
        await DelayUntilAsync(at + TimeSpan.FromSeconds(5));
        Assert.Empty(bus.Arrivals.Of(cancelled));
    }

    [Fact]
    public async Task A_cancel_that_overtakes_its_schedule_still_prevents_delivery()
    {
        await using var scheduler = await SchedulerProcesses.CreateAsync("sched_overtake");
        await scheduler.StartAsync();
        await using var bus = await TestServiceBus.StartAsync(scheduler.VirtualHost.Address);

        // Send the cancel first, then the ScheduleMessage it cancels (as a consumer's retry or a second queue could reorder them).
        var id = Guid.NewGuid();
        var token = NewId.NextGuid();
        var at = DateTime.UtcNow.AddSeconds(3);
        // The cancel is stamped later than the schedule's send however slow the machine is: it cancels that schedule.
        await bus.SendValuesAsync<MassTransit.Scheduling.CancelScheduledMessage>("scheduler", new { CorrelationId = NewId.NextGuid(), TokenId = token, Timestamp = DateTime.UtcNow.AddMinutes(1) });
        await bus.SendValuesAsync<MassTransit.Scheduling.ScheduleMessage>("scheduler", new
        {
            CorrelationId = token,
            ScheduledTime = at,
            Destination = new Uri("queue:scheduler-test-ping"),
            PayloadType = MessageTypeCache<DelayedPing>.MessageTypeNames,
            Payload = new DelayedPing(id),
        });
        await bus.ScheduleAsync("scheduler-test-ping", at, new DelayedPing(Guid.Empty));

        Assert.True(await bus.Arrivals.WaitForAsync(a => a.Any(x => x.Id == Guid.Empty), TimeSpan.FromSeconds(30)), scheduler.Logs());
        await DelayUntilAsync(at + TimeSpan.FromSeconds(4));
        Assert.Empty(bus.Arrivals.Of(id));
        Assert.Equal(0, await scheduler.ScheduledRowsAsync());
    }

    [Fact]
    public async Task A_consumers_ScheduleSend_round_trips_through_the_scheduler()
    {
        await using var scheduler = await SchedulerProcesses.CreateAsync("sched_consumer");
        await scheduler.StartAsync();
        await using var bus = await TestServiceBus.StartAsync(scheduler.VirtualHost.Address);

        var id = Guid.NewGuid();
        var sent = DateTime.UtcNow;
        await bus.SendAsync("scheduler-test-countdown", new StartCountdown(id, 3));

        Assert.True(await bus.Arrivals.WaitForAsync(a => a.Any(x => x.Id == id), TimeSpan.FromSeconds(30)), scheduler.Logs());
        var arrived = Assert.Single(bus.Arrivals.Of(id));
        Assert.True(arrived - sent >= TimeSpan.FromSeconds(3), $"arrived after {(arrived - sent).TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task A_sagas_Schedule_is_received_by_the_saga_and_its_Unschedule_prevents_it()
    {
        await using var scheduler = await SchedulerProcesses.CreateAsync("sched_saga");
        await scheduler.StartAsync();
        await using var bus = await TestServiceBus.StartAsync(scheduler.VirtualHost.Address);

        var elapses = Guid.NewGuid();
        var stopped = Guid.NewGuid();
        var sent = DateTime.UtcNow;
        await bus.SendAsync("scheduler-test-countdown-saga", new SagaCountdownStarted(elapses));
        await bus.SendAsync("scheduler-test-countdown-saga", new SagaCountdownStarted(stopped));
        await scheduler.WaitForScheduledRowsAsync(2);
        await bus.SendAsync("scheduler-test-countdown-saga", new SagaCountdownStopped(stopped));

        Assert.True(await bus.Arrivals.WaitForAsync(a => a.Any(x => x.Id == elapses), TimeSpan.FromSeconds(30)), scheduler.Logs());
        await Task.Delay(TimeSpan.FromSeconds(5));
        var arrived = Assert.Single(bus.Arrivals.Of(elapses));
        Assert.True(arrived - sent >= TimeSpan.FromSeconds(3), $"elapsed after {(arrived - sent).TotalMilliseconds:F0} ms");
        Assert.Empty(bus.Arrivals.Of(stopped));
        Assert.Equal(0, await scheduler.ScheduledRowsAsync());
    }

    [Fact]
    public async Task A_failing_message_is_redelivered_later_through_the_scheduler_after_its_retries()
    {
        await using var scheduler = await SchedulerProcesses.CreateAsync("sched_redeliver");
        await scheduler.StartAsync();
        await using var bus = await TestServiceBus.StartAsync(scheduler.VirtualHost.Address);

        var id = Guid.NewGuid();
        await bus.SendAsync("scheduler-test-flaky", new FlakyWork(id));

        // One attempt and five immediate retries, then the first redelivery five seconds later succeeds.
        Assert.True(await bus.Arrivals.WaitForAsync(a => a.Count(x => x.Id == id) >= 7, TimeSpan.FromSeconds(60)), scheduler.Logs());
        await Task.Delay(TimeSpan.FromSeconds(3));
        var attempts = bus.Arrivals.Of(id);
        Assert.Equal(7, attempts.Count);
        Assert.True(attempts[6] - attempts[5] >= TimeSpan.FromSeconds(5), $"redelivered after {(attempts[6] - attempts[5]).TotalMilliseconds:F0} ms");
    }
}
