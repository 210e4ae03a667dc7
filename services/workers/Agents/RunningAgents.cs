using System.Collections.Concurrent;

namespace CodeTether.Workers.Agents;

/// <summary>
/// The agents this worker process is running, so a cancelled or failed task's agent can be stopped mid-call. Tasks that
/// ended are remembered for <see cref="Memory"/>, so a run that arrives after its task was stopped does not start.
/// </summary>
public sealed class RunningAgents(TimeProvider clock)
{
    private static readonly TimeSpan Memory = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> running = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> stopped = new();

    /// <summary>A token that is cancelled when the task is stopped, or null if it already was.</summary>
    public CancellationTokenSource? Start(Guid taskId, CancellationToken consumeToken)
    {
        if (stopped.ContainsKey(taskId))
            return null;
        var source = CancellationTokenSource.CreateLinkedTokenSource(consumeToken);
        running[taskId] = source;
        if (stopped.ContainsKey(taskId))
            source.Cancel();
        return source;
    }

    public int Count => running.Count;

    public void Finish(Guid taskId) => running.TryRemove(taskId, out _);

    public void Stop(Guid taskId)
    {
        var now = clock.GetUtcNow();
        stopped[taskId] = now;
        if (running.TryGetValue(taskId, out var source))
            source.Cancel();
        foreach (var old in stopped.Where(s => now - s.Value > Memory))
            stopped.TryRemove(old.Key, out _);
    }
}
