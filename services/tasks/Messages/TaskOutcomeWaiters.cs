using System.Collections.Concurrent;

namespace CodeTether.Tasks.Messages;

/// <summary>
/// The synchronous message requests of this process, each waiting for its task to stop running: completed, failed,
/// cancelled or needing input. <see cref="TaskOutcomeConsumer"/> wakes them; the request then reads the task's state.
/// </summary>
public sealed class TaskOutcomeWaiters
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> waiting = new();

    /// <summary>Starts watching a task; watch before the task can finish (before it is saved), so no outcome is missed.</summary>
    public Waiter Watch(Guid taskId)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        waiting[taskId] = signal;
        return new Waiter(this, taskId, signal.Task);
    }

    public void Settled(Guid taskId)
    {
        if (waiting.TryGetValue(taskId, out var signal))
            signal.TrySetResult();
    }

    public sealed class Waiter(TaskOutcomeWaiters waiters, Guid taskId, Task settled) : IDisposable
    {
        /// <summary>Waits until the task settles or <paramref name="timeout"/> passes, whichever comes first.</summary>
        public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            try
            {
                await settled.WaitAsync(timeout, cancellationToken);
            }
            catch (TimeoutException)
            {
            }
        }

        public void Dispose() => waiters.waiting.TryRemove(taskId, out _);
    }
}
