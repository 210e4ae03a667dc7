namespace CodeTether.Tasks.Messages;

/// <summary>
/// The synchronous message requests of this process, each waiting for its task to stop running: completed, failed,
/// cancelled or needing input. <see cref="TaskOutcomeConsumer"/> wakes them; the request then reads the task's state.
/// A task may be watched by several requests at once (two answers to one question race), each woken by its next outcome.
/// </summary>
public sealed class TaskOutcomeWaiters
{
    private readonly Dictionary<Guid, TaskWatch> watched = [];

    /// <summary>Starts watching a task; watch before the task can settle (before it is saved or answered), so no outcome is missed.</summary>
    public Waiter Watch(Guid taskId)
    {
        lock (watched)
        {
            if (!watched.TryGetValue(taskId, out var watch))
                watched[taskId] = watch = new TaskWatch();
            watch.Watchers++;
            return new Waiter(this, taskId, watch);
        }
    }

    /// <summary>Wakes the task's watchers; a watch started after this waits for the task's next outcome.</summary>
    public void Settled(Guid taskId)
    {
        lock (watched)
        {
            if (watched.Remove(taskId, out var watch))
                watch.Signal.TrySetResult();
        }
    }

    private void Unwatch(Guid taskId, TaskWatch watch)
    {
        lock (watched)
        {
            if (--watch.Watchers == 0 && watched.TryGetValue(taskId, out var current) && current == watch)
                watched.Remove(taskId);
        }
    }

    internal sealed class TaskWatch
    {
        public TaskCompletionSource Signal { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Watchers { get; set; }
    }

    public sealed class Waiter : IDisposable
    {
        private readonly TaskOutcomeWaiters waiters;
        private readonly Guid taskId;
        private readonly TaskWatch watch;
        private bool disposed;

        internal Waiter(TaskOutcomeWaiters waiters, Guid taskId, TaskWatch watch) => (this.waiters, this.taskId, this.watch) = (waiters, taskId, watch);

        /// <summary>Waits until the task settles or <paramref name="timeout"/> passes, whichever comes first.</summary>
        public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            try
            {
                await watch.Signal.Task.WaitAsync(timeout, cancellationToken);
            }
            catch (TimeoutException)
            {
            }
        }

        public void Dispose()
        {
            if (disposed)
                return;
            disposed = true;
            waiters.Unwatch(taskId, watch);
        }
    }
}
