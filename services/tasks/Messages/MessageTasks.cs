using CodeTether.ServiceDefaults;
using CodeTether.Tasks.Api;
using CodeTether.Tasks.Data;
using CodeTether.Tasks.Dispatch;
using CodeTether.Tasks.Lifecycle;
using CodeTether.Tasks.Spending;
using CodeTether.Tasks.Submission;
using MassTransit;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CodeTether.Tasks.Messages;

/// <summary>The task that took a message, its public status then, and the watch on it (dispose it), for a caller that waits for its answer.</summary>
public sealed record SentMessage(AgentTask Task, string Status, TaskOutcomeWaiters.Waiter Waiter);

/// <summary>
/// Sends a valid message (<see cref="MessageSubmission.Validate"/>). In a conversation whose agent asked a question (its
/// task needs input), the message is the answer: that task runs on with it, as <c>POST /v1/automation/tasks/{id}/input</c>
/// would, whatever else the request says, so a chat goes on by sending the next message. Otherwise the message is a new
/// task, created as <c>POST /v1/automation/tasks</c> creates one.
/// </summary>
public sealed class MessageTasks(TasksDbContext db, IBus bus, IPublishEndpoint publisher, SpendingGuard spending, TaskDispatcher dispatcher,
    TaskOutcomeWaiters waiters, TimeProvider clock, IOptions<TaskSettings> settings)
{
    /// <summary>The message's task, watched from before it can settle, or the spending limit's refusal (402) and no task.</summary>
    /// <param name="instructions">A new task's agent instructions in place of its type's (a PRD chat's), or null.</param>
    public async Task<(SentMessage? Sent, ProblemDetails? Refusal)> SendAsync(SendMessageRequest request, CallerIdentity caller,
        CancellationToken cancellationToken, string? instructions = null)
    {
        if (request.ConversationId is { } conversationId && await AskingAsync(caller.TenantId, conversationId, cancellationToken) is { } asking)
        {
            var waiter = waiters.Watch(asking.Id);
            var reply = await TaskControlApi.AnswerAsync(bus, asking.Id, request.Message!, clock, cancellationToken);
            if (reply.Applied)
                return (new SentMessage(asking, reply.Status, waiter), null);
            // The question closed meanwhile (the task was cancelled or timed out): the message starts a task of its own.
            waiter.Dispose();
        }

        if (await spending.RefusalAsync(caller.TenantId, cancellationToken) is { } refusal)
            return (null, refusal);
        await dispatcher.RememberPlanAsync(caller.TenantId, caller.Plan, cancellationToken);
        var taskId = NewId.NextGuid();
        var watching = waiters.Watch(taskId);
        var task = await TaskSubmission.AddAsync(MessageSubmission.ToTask(request, taskId, caller.TenantId) with { Instructions = instructions },
            db, publisher, clock.GetUtcNow(), settings.Value, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return (new SentMessage(task, "queued", watching), null);
    }

    /// <summary>The conversation's task whose agent waits for an answer: the one task of the conversation that holds a slot.</summary>
    private Task<AgentTask?> AskingAsync(Guid tenantId, string conversationId, CancellationToken cancellationToken) =>
        db.Tasks.AsNoTracking()
            .Where(t => db.DispatchSlots.Any(s => s.TaskId == t.Id && s.TenantId == tenantId && s.ConversationId == conversationId && s.DispatchedAt != null))
            .Where(t => t.Lifecycle.CurrentState == nameof(TaskLifecycle.NeedsInput))
            .OrderBy(t => t.CreatedAt).FirstOrDefaultAsync(cancellationToken);
}
