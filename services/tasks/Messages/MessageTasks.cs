using CodeTether.ServiceDefaults;
using CodeTether.Tasks.Data;
using CodeTether.Tasks.Dispatch;
using CodeTether.Tasks.Spending;
using CodeTether.Tasks.Submission;
using MassTransit;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CodeTether.Tasks.Messages;

/// <summary>Creates the task of a valid message (<see cref="MessageSubmission.Validate"/>) as <c>POST /v1/automation/tasks</c> creates one.</summary>
public sealed class MessageTasks(TasksDbContext db, IPublishEndpoint publisher, SpendingGuard spending, TaskDispatcher dispatcher,
    TimeProvider clock, IOptions<TaskSettings> settings)
{
    /// <summary>The created task, or the spending limit's refusal (402) and no task.</summary>
    /// <param name="instructions">The agent's instructions in place of its type's (a PRD chat's), or null.</param>
    public async Task<(AgentTask? Task, ProblemDetails? Refusal)> CreateAsync(SendMessageRequest request, Guid taskId, CallerIdentity caller,
        CancellationToken cancellationToken, string? instructions = null)
    {
        if (await spending.RefusalAsync(caller.TenantId, cancellationToken) is { } refusal)
            return (null, refusal);
        await dispatcher.RememberPlanAsync(caller.TenantId, caller.Plan, cancellationToken);
        var task = await TaskSubmission.AddAsync(MessageSubmission.ToTask(request, taskId, caller.TenantId) with { Instructions = instructions }, db, publisher,
            clock.GetUtcNow(), settings.Value, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return (task, null);
    }
}
