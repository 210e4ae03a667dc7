using System.Collections.Concurrent;
using CodeTether.Workers.Agents;

namespace CodeTether.Workers.Codebases;

/// <summary>
/// The codebases this worker has: those of <c>Worker:Codebases</c> (each a <c>Name</c>, a <c>Path</c> and optionally the
/// <c>TestCommand</c> of Ralph runs) and any registered while it runs.
/// </summary>
public sealed class LocalCodebases
{
    private readonly ConcurrentDictionary<string, LocalCodebase> byId = new();

    public LocalCodebases(IConfiguration configuration, WorkerIdentity worker)
    {
        foreach (var entry in configuration.GetSection("Worker:Codebases").GetChildren())
        {
            var path = entry["Path"] ?? throw new InvalidOperationException($"Worker:Codebases:{entry.Key} has no Path.");
            Add(LocalCodebase.Of(worker.AgentName, entry["Name"] ?? System.IO.Path.GetFileName(path), path, entry["TestCommand"]));
        }
    }

    public IReadOnlyCollection<LocalCodebase> All => byId.Values.ToList();

    public LocalCodebase? Find(string id) => byId.GetValueOrDefault(id);

    /// <summary>Adds or refreshes a codebase; an announcement without a test command keeps the configured one.</summary>
    public void Add(LocalCodebase codebase) =>
        byId.AddOrUpdate(codebase.Id, codebase, (_, known) => codebase with { TestCommand = codebase.TestCommand ?? known.TestCommand });
}
