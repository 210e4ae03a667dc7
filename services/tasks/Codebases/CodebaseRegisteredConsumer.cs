using CodeTether.Contracts.Agents;
using CodeTether.Tasks.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Tasks.Codebases;

/// <summary>
/// Keeps the codebases the workers announce (at every worker's start, and when one is registered). Heartbeats list them
/// too: a codebase announced before this service's queue existed is learnt from the next heartbeat.
/// </summary>
public sealed class CodebaseRegisteredConsumer(TasksDbContext db) : IConsumer<CodebaseRegistered>, IConsumer<AgentHeartbeat>
{
    public Task Consume(ConsumeContext<CodebaseRegistered> context)
    {
        var codebase = context.Message;
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO codebases (id, agent_name, name, registered_at)
            VALUES ({codebase.CodebaseId}, {codebase.AgentName}, {codebase.Name}, {codebase.RegisteredAt.ToUniversalTime()})
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, registered_at = excluded.registered_at
            WHERE codebases.registered_at < excluded.registered_at
            """, context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<AgentHeartbeat> context)
    {
        var heartbeat = context.Message;
        foreach (var codebase in heartbeat.Codebases)
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO codebases (id, agent_name, name, registered_at)
                VALUES ({codebase.Id}, {heartbeat.AgentName}, {codebase.Name}, {heartbeat.SentAt.ToUniversalTime()})
                ON CONFLICT (id) DO NOTHING
                """, context.CancellationToken);
    }
}
