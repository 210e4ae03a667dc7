using System.Collections.Concurrent;

namespace CodeTether.Workers.Ralph;

/// <summary>
/// One lock per git repository in this process: creating a run's branch and bringing a story's commit onto it happen one
/// at a time, so parallel stories of a run never race for the branch.
/// </summary>
public sealed class RepositoryLocks
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> locks = new();

    public async Task<IDisposable> AcquireAsync(string repository, CancellationToken cancellationToken)
    {
        var gate = locks.GetOrAdd(repository, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
