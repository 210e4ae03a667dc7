using System.Collections.Concurrent;
using CodeTether.Workers.Agents;

namespace CodeTether.Workers.Codebases;

/// <summary>
/// The codebases this worker has: those of <c>Worker:Codebases</c> (each a <c>Name</c> and a <c>Path</c>) and any
/// registered while it runs.
/// </summary>
public sealed class LocalCodebases
{
    private readonly ConcurrentDictionary<string, LocalCodebase> byId = new();

    public LocalCodebases(IConfiguration configuration, WorkerIdentity worker)
    {
        foreach (var entry in configuration.GetSection("Worker:Codebases").GetChildren())
        {
            var path = entry["Path"] ?? throw new InvalidOperationException($"Worker:Codebases:{entry.Key} has no Path.");
            Add(LocalCodebase.Of(worker.AgentName, entry["Name"] ?? System.IO.Path.GetFileName(path), path));
        }
    }

    public IReadOnlyCollection<LocalCodebase> All => byId.Values.ToList();

    public LocalCodebase? Find(string id) => byId.GetValueOrDefault(id);

    public void Add(LocalCodebase codebase) => byId[codebase.Id] = codebase;
}
