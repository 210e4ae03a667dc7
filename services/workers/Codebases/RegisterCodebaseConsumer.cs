using CodeTether.Contracts.Agents;
using CodeTether.Workers.Agents;
using CodeTether.Workers.Registry;
using MassTransit;
using Microsoft.Extensions.Options;

namespace CodeTether.Workers.Codebases;

/// <summary>
/// Registers a directory as a codebase of this worker's agent (<c>POST /v1/codebases</c>), on the agent's own request
/// queue: it must be an existing directory on this machine, inside <c>Worker:CodebaseRoots</c> when that is set. The
/// codebase is stored as registered, so every process of the agent, and this one after a restart, loads it; and
/// announced with <see cref="CodebaseRegistered"/>, which the other processes and the tasks service learn it from.
/// </summary>
public sealed class RegisterCodebaseConsumer(LocalCodebases codebases, WorkerIdentity worker, AgentRegistry registry,
    IOptions<WorkerOptions> options, TimeProvider clock) : IConsumer<RegisterCodebase>
{
    public async Task Consume(ConsumeContext<RegisterCodebase> context)
    {
        var codebase = LocalCodebase.Of(worker.AgentName, context.Message.Name, context.Message.Path, context.Message.TestCommand);
        if (RefusalOf(codebase.Path) is { } reason)
        {
            await context.RespondAsync(new CodebaseRejected { AgentName = worker.AgentName, Path = codebase.Path, Reason = reason });
            return;
        }

        var now = clock.GetUtcNow();
        await registry.RecordCodebaseAsync(worker.AgentName, new AgentCodebase(codebase.Id, codebase.Name, codebase.Path, codebase.TestCommand), now,
            registered: true, context.CancellationToken);
        codebases.Add(codebase);
        codebase = codebases.Find(codebase.Id)!;
        var registered = new CodebaseRegistered
        {
            CodebaseId = codebase.Id,
            AgentName = worker.AgentName,
            Name = codebase.Name,
            Path = codebase.Path,
            TestCommand = codebase.TestCommand,
            RegisteredAt = now,
        };
        await context.Publish(registered, context.CancellationToken);
        await context.RespondAsync(registered);
    }

    private string? RefusalOf(string path)
    {
        if (File.Exists(path))
            return $"{path} is a file, not a directory.";
        if (!Directory.Exists(path))
            return $"There is no directory {path} on the machine of agent '{worker.AgentName}'.";
        var roots = options.Value.CodebaseRoots.Select(root => Path.TrimEndingDirectorySeparator(Path.GetFullPath(root))).ToList();
        return roots.Count == 0 || roots.Any(root => path == root || path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            ? null
            : $"{path} is outside the directories agent '{worker.AgentName}' may work in (Worker:CodebaseRoots): {string.Join(", ", roots)}.";
    }
}
