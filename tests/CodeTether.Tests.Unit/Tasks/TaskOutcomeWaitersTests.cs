using CodeTether.Tasks.Messages;

namespace CodeTether.Tests.Unit.Tasks;

public class TaskOutcomeWaitersTests
{
    [Fact]
    public async Task A_settled_task_wakes_its_waiter_and_only_its_waiter()
    {
        var waiters = new TaskOutcomeWaiters();
        var (mine, other) = (Guid.NewGuid(), Guid.NewGuid());
        using var waiter = waiters.Watch(mine);
        using var otherWaiter = waiters.Watch(other);
        var waiting = waiter.WaitAsync(TimeSpan.FromMinutes(5), CancellationToken.None);
        var otherWaiting = otherWaiter.WaitAsync(TimeSpan.FromMinutes(5), CancellationToken.None);

        waiters.Settled(mine);

        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(otherWaiting.IsCompleted);
    }

    [Fact]
    public async Task An_outcome_before_the_wait_begins_is_not_missed()
    {
        var waiters = new TaskOutcomeWaiters();
        var taskId = Guid.NewGuid();
        using var waiter = waiters.Watch(taskId);

        waiters.Settled(taskId);

        await waiter.WaitAsync(TimeSpan.FromMinutes(5), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_wait_ends_when_its_time_is_up_without_an_outcome()
    {
        var waiters = new TaskOutcomeWaiters();
        using var waiter = waiters.Watch(Guid.NewGuid());

        await waiter.WaitAsync(TimeSpan.FromMilliseconds(1), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Two_watchers_of_one_task_are_both_woken_and_one_leaving_does_not_unwatch_the_other()
    {
        var waiters = new TaskOutcomeWaiters();
        var taskId = Guid.NewGuid();
        using var staying = waiters.Watch(taskId);
        waiters.Watch(taskId).Dispose();

        waiters.Settled(taskId);

        await staying.WaitAsync(TimeSpan.FromMinutes(5), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_watch_begun_after_an_outcome_waits_for_the_next_one()
    {
        var waiters = new TaskOutcomeWaiters();
        var taskId = Guid.NewGuid();
        using (var asked = waiters.Watch(taskId))
            waiters.Settled(taskId);
        using var answered = waiters.Watch(taskId);

        var waiting = answered.WaitAsync(TimeSpan.FromMinutes(5), CancellationToken.None);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);

        waiters.Settled(taskId);
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
