using CodeTether.Contracts.Tasks;
using CodeTether.ServiceDefaults;
using CodeTether.Tasks.Conversations;
using CodeTether.Tasks.Data;
using CodeTether.Tasks.Messages;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CodeTether.Tasks.Dispatch;

/// <summary>
/// Sends a tenant's waiting tasks to the workers while the tenant has free concurrency slots: most urgent priority first,
/// then oldest. Runs inside a consumer's outbox transaction and holds a per-tenant advisory lock for it, so two
/// dispatchers never hand out the same slot; other tenants are never waited for. A task for a named agent goes to that
/// agent's own queue, any other to the shared pool. Tasks of one conversation run one at a
/// time, oldest first, each with the conversation so far (<see cref="ConversationLog"/>).
/// </summary>
public class TaskDispatcher(TasksDbContext db, AgentQueues agentQueues, IOptions<ConcurrencyOptions> options, IOptions<MessageSettings> messages,
    TimeProvider clock)
{
    private const int MaxPerPass = 100;

    public async Task DispatchAsync(Guid tenantId, ConsumeContext context, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"dispatch:" + tenantId}, 0))", cancellationToken);

        var plan = await db.TenantPlans.Where(t => t.TenantId == tenantId).Select(t => t.Plan).SingleOrDefaultAsync(cancellationToken);
        var limit = options.Value.LimitFor(plan);
        var free = MaxPerPass;
        if (limit is { } max)
            free = Math.Min(free, max - await db.DispatchSlots.CountAsync(s => s.TenantId == tenantId && s.DispatchedAt != null, cancellationToken));
        if (free <= 0)
            return;

        var next = await db.DispatchSlots
            .Where(s => s.TenantId == tenantId && s.DispatchedAt == null)
            .Where(s => s.ConversationId == null || !db.DispatchSlots.Any(other => other.TenantId == tenantId
                && other.ConversationId == s.ConversationId && other.TaskId != s.TaskId
                && (other.DispatchedAt != null || other.QueuedAt < s.QueuedAt)))
            .OrderByDescending(s => s.Priority).ThenBy(s => s.QueuedAt)
            .Take(free)
            .Join(db.Tasks, s => s.TaskId, t => t.Id, (slot, task) => new { slot, task })
            .ToListAsync(cancellationToken);
        if (next.Count == 0)
            return;

        var now = clock.GetUtcNow();
        var conversationsStarted = new HashSet<string>();
        foreach (var waiting in next)
        {
            // Two tasks of a conversation queued at the same instant are both "oldest": only one goes now.
            if (waiting.slot.ConversationId is { } conversationId && !conversationsStarted.Add(conversationId))
                continue;
            waiting.slot.DispatchedAt = now;
            await RunAsync(context, waiting.task, 0, [], cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Records the plan a tenant's request came with; its concurrency limit follows the latest one.</summary>
    public Task RememberPlanAsync(Guid tenantId, string plan, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO tenant_plans (tenant_id, plan) VALUES ({tenantId}, {plan})
            ON CONFLICT (tenant_id) DO UPDATE SET plan = excluded.plan WHERE tenant_plans.plan <> excluded.plan
            """, cancellationToken);

    /// <summary>Sends the agent a task again, with the answers it asked for, on the slot the task already holds.</summary>
    public async Task ResumeAsync(TaskInputProvided input, ConsumeContext context, CancellationToken cancellationToken)
    {
        var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == input.TaskId, cancellationToken);
        await RunAsync(context, task, input.Turn, input.Exchanges, cancellationToken);
    }

    /// <summary>Gives the finished task's slot (or waiting place) back.</summary>
    public Task ReleaseAsync(Guid taskId, CancellationToken cancellationToken) =>
        db.DispatchSlots.Where(s => s.TaskId == taskId).ExecuteDeleteAsync(cancellationToken);

    /// <summary>
    /// For the pool, <see cref="RunTask"/> is published rather than sent: the publish topology
    /// (<see cref="DispatchRegistration"/>) declares the pool queue with its priority argument, which a <c>queue:</c>
    /// address cannot carry. For a named agent it is sent to the agent's queue (<see cref="AgentQueues"/>), and lives only
    /// until the task's deadline (the first turn) or timeout, so an agent that comes late does not run a task that
    /// already failed; a first turn whose deadline passed while it waited for a slot is not sent at all.
    /// </summary>
    private async Task RunAsync(ConsumeContext context, AgentTask task, int turn, IReadOnlyList<TaskExchange> exchanges,
        CancellationToken cancellationToken)
    {
        using var trace = Telemetry.ContinueTrace(task.TraceParent, "dispatch task");
        var run = new RunTask
        {
            TaskId = task.Id,
            TenantId = task.TenantId,
            RunId = task.RunId,
            Turn = turn,
            Title = task.Title,
            Prompt = task.Prompt,
            AgentType = task.AgentType,
            Model = task.Model,
            Priority = task.Priority,
            CodebaseId = task.CodebaseId,
            AgentName = task.AgentName,
            Instructions = task.Instructions,
            History = task.ConversationId is null
                ? []
                : await ConversationLog.HistoryAsync(db, task.TenantId, task.ConversationId, messages.Value.MaxHistoryCharacters, cancellationToken),
            Exchanges = exchanges,
        };
        var priority = RunTask.MessagePriority(task.Priority);
        if (task.AgentName is null)
        {
            await context.Publish(run, c => c.SetPriority(priority), cancellationToken);
            return;
        }

        var lifetime = TimeSpan.FromSeconds(turn == 0 && task.DeadlineSeconds is { } deadline ? deadline : task.TimeoutSeconds);
        var timeToLive = task.CreatedAt + lifetime - clock.GetUtcNow();
        if (timeToLive <= TimeSpan.Zero)
            return;
        await agentQueues.DeclareAsync(task.AgentName, cancellationToken);
        var endpoint = await context.GetSendEndpoint(AgentQueues.AddressOf(task.AgentName));
        await endpoint.Send(run, c =>
        {
            c.SetPriority(priority);
            c.TimeToLive = timeToLive;
        }, cancellationToken);
    }
}
