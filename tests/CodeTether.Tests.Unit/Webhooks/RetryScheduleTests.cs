using CodeTether.Webhooks.Deliveries;

namespace CodeTether.Tests.Unit.Webhooks;

public class RetryScheduleTests
{
    private static readonly TimeSpan[] Waits = new RetryOptions().ParsedDelays();

    [Fact]
    public void Default_schedule_is_eight_attempts_over_about_a_day()
    {
        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
            TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10)], Waits);
        var schedule = new RetrySchedule(Waits, 0, new Random(1));
        Assert.Equal(8, schedule.MaxAttempts);
        var total = Enumerable.Range(1, 7).Select(a => schedule.After(a)!.Value).Aggregate(TimeSpan.Zero, (a, b) => a + b);
        Assert.InRange(total, TimeSpan.FromHours(24), TimeSpan.FromHours(30));
    }

    [Fact]
    public void No_retry_after_the_last_attempt()
    {
        var schedule = new RetrySchedule(Waits, 0.1, new Random(1));
        Assert.Null(schedule.After(8));
        Assert.Null(schedule.After(8, TimeSpan.FromSeconds(1)));
        Assert.Null(schedule.After(0));
    }

    [Fact]
    public void Jitter_stays_within_its_fraction_and_varies()
    {
        var schedule = new RetrySchedule(Waits, 0.1, new Random(42));
        var waits = Enumerable.Range(0, 200).Select(_ => schedule.After(4)!.Value).ToList();
        Assert.All(waits, w => Assert.InRange(w, TimeSpan.FromMinutes(108), TimeSpan.FromMinutes(132)));
        Assert.True(waits.Distinct().Count() > 100);
    }

    [Fact]
    public void Retry_after_replaces_the_wait_up_to_a_day()
    {
        var schedule = new RetrySchedule(Waits, 0.1, new Random(1));
        Assert.Equal(TimeSpan.FromSeconds(42), schedule.After(3, TimeSpan.FromSeconds(42)));
        Assert.Equal(TimeSpan.FromDays(1), schedule.After(1, TimeSpan.FromDays(3)));
        Assert.Equal(TimeSpan.Zero, schedule.After(1, TimeSpan.FromSeconds(-5)));
    }
}
