using CodeTether.Contracts.Agents;
using CodeTether.Workers.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CodeTether.Workers.Registry;

/// <summary>
/// The registry of agents, their worker processes and codebases, fed by heartbeats. Heartbeats may arrive late, twice or
/// out of order: each write keeps the newest (by the time the worker sent it), so an old heartbeat never overwrites a new
/// one nor brings back a worker that left after it.
/// </summary>
public sealed class AgentRegistry(WorkersDbContext db, IOptions<RegistryOptions> options, TimeProvider clock)
{
    public const string Online = "online";
    public const string Offline = "offline";

    public TimeSpan OfflineAfter => options.Value.OfflineAfter;

    /// <summary>Workers heard from within <see cref="RegistryOptions.OfflineAfter"/> that have not left since.</summary>
    public IQueryable<AgentWorker> OnlineWorkers
    {
        get
        {
            var since = clock.GetUtcNow() - options.Value.OfflineAfter;
            return db.Workers.AsNoTracking().Where(w => w.LastSeenAt > since && (w.LeftAt == null || w.LeftAt < w.LastSeenAt));
        }
    }

    public Task<bool> IsOnlineAsync(string agentName, CancellationToken cancellationToken) =>
        OnlineWorkers.AnyAsync(w => w.AgentName == agentName, cancellationToken);

    /// <summary>A codebase is online while a heartbeat listed it recently and its agent has an online worker.</summary>
    public string StatusOf(Codebase codebase, bool agentOnline) =>
        agentOnline && codebase.LastSeenAt > clock.GetUtcNow() - options.Value.OfflineAfter ? Online : Offline;

    public async Task RecordAsync(AgentHeartbeat heartbeat, CancellationToken cancellationToken)
    {
        var sentAt = heartbeat.SentAt.ToUniversalTime();
        var models = heartbeat.Models.ToArray();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO agents (name, description, url, streaming, models, last_seen_at)
            VALUES ({heartbeat.AgentName}, {heartbeat.Description}, {heartbeat.Url}, {heartbeat.Streaming}, {models}, {sentAt})
            ON CONFLICT (name) DO UPDATE SET description = excluded.description, url = excluded.url, streaming = excluded.streaming,
                models = excluded.models, last_seen_at = excluded.last_seen_at
            WHERE agents.last_seen_at < excluded.last_seen_at
            """, cancellationToken);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO agent_workers (worker_id, agent_name, models, capacity, running, last_seen_at)
            VALUES ({heartbeat.WorkerId}, {heartbeat.AgentName}, {models}, {heartbeat.Capacity}, {heartbeat.Running}, {sentAt})
            ON CONFLICT (worker_id) DO UPDATE SET agent_name = excluded.agent_name, models = excluded.models,
                capacity = excluded.capacity, running = excluded.running, last_seen_at = excluded.last_seen_at
            WHERE agent_workers.last_seen_at < excluded.last_seen_at
            """, cancellationToken);
        foreach (var codebase in heartbeat.Codebases)
            await RecordCodebaseAsync(heartbeat.AgentName, codebase, sentAt, registered: false, cancellationToken);
        var forgotten = sentAt - options.Value.ForgetWorkersAfter;
        await db.Workers.Where(w => w.AgentName == heartbeat.AgentName && w.LastSeenAt < forgotten).ExecuteDeleteAsync(cancellationToken);
    }

    public Task RecordLeftAsync(WorkerLeft left, CancellationToken cancellationToken)
    {
        var leftAt = left.LeftAt.ToUniversalTime();
        return db.Workers.Where(w => w.WorkerId == left.WorkerId && (w.LeftAt == null || w.LeftAt < leftAt))
            .ExecuteUpdateAsync(w => w.SetProperty(x => x.LeftAt, leftAt), cancellationToken);
    }

    /// <summary>The id is derived from the agent and the path, so only the name can change.</summary>
    /// <param name="registered">Added through the API: once true it stays so, and the agent's workers load it at start.</param>
    public Task RecordCodebaseAsync(string agentName, AgentCodebase codebase, DateTimeOffset seenAt, bool registered,
        CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO codebases (id, agent_name, name, path, registered, test_command, last_seen_at)
            VALUES ({codebase.Id}, {agentName}, {codebase.Name}, {codebase.Path}, {registered}, {codebase.TestCommand}, {seenAt.ToUniversalTime()})
            ON CONFLICT (id) DO UPDATE SET
                name = CASE WHEN excluded.last_seen_at >= codebases.last_seen_at THEN excluded.name ELSE codebases.name END,
                test_command = CASE WHEN excluded.last_seen_at >= codebases.last_seen_at
                    THEN COALESCE(excluded.test_command, codebases.test_command) ELSE codebases.test_command END,
                registered = codebases.registered OR excluded.registered,
                last_seen_at = GREATEST(codebases.last_seen_at, excluded.last_seen_at)
            """, cancellationToken);
}
