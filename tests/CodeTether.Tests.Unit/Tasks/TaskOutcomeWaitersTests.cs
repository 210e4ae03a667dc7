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
}
