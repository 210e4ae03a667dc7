namespace CodeTether.Scheduler.ScheduledMessages;

/// <summary>Wakes this process's dispatcher when a message was stored, so a message due soon is not left to the next poll.</summary>
public sealed class ScheduledMessageSignal
{
    TaskCompletionSource _stored = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Notify() => Interlocked.Exchange(ref _stored, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits until <see cref="Notify"/> is called or <paramref name="timeout"/> has passed.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero)
            return;
        var stored = Volatile.Read(ref _stored).Task;
        await Task.WhenAny(stored, Task.Delay(timeout, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
    }
}
