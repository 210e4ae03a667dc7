using CodeTether.Contracts.Tasks;
using CodeTether.Tasks.Data;
using CodeTether.Tasks.Spending;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CodeTether.Tasks.Submission;

/// <summary>
/// Creates the task a <see cref="SubmitTask"/> asks for, exactly as the public API does. The endpoint's inbox drops a
/// redelivered message; a replayed one (a new message id) whose task id or idempotency key already exists is a no-op here.
/// A command that is invalid, or whose tenant has reached its spending limit, creates no task: retrying would not help,
/// so it is answered with <see cref="TaskSubmissionRejected"/> (through the outbox, with the inbox record).
/// </summary>
public sealed class SubmitTaskConsumer(TasksDbContext db, SpendingGuard spending, TimeProvider clock,
    IOptions<TaskSettings> settings, ILogger<SubmitTaskConsumer> logger) : IConsumer<SubmitTask>
{
    public async Task Consume(ConsumeContext<SubmitTask> context)
    {
        var message = context.Message;
        var exists = await db.Tasks.AnyAsync(t => t.Id == message.TaskId
            || (message.IdempotencyKey != null && t.TenantId == message.TenantId && t.IdempotencyKey == message.IdempotencyKey),
            context.CancellationToken);
        if (exists)
        {
            logger.LogInformation("Task {TaskId} ({IdempotencyKey}) already exists: SubmitTask ignored", message.TaskId, message.IdempotencyKey);
            return;
        }

        var request = new TaskSubmissionRequest(message.TaskId, message.TenantId, message.Title, message.Description,
            message.AgentType, message.Model, message.Priority, message.CodebaseId, message.WebhookUrl, IdempotencyKey: message.IdempotencyKey);
        var refusal = await TaskSubmission.ValidateAsync(request, settings.Value, db, context.CancellationToken) is { Count: > 0 } errors
            ? "Invalid task: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}"))
            : (await spending.RefusalAsync(message.TenantId, context.CancellationToken))?.Detail;
        if (refusal is not null)
        {
            logger.LogWarning("SubmitTask {TaskId} was rejected: {Reason}", message.TaskId, refusal);
            await context.Publish(new TaskSubmissionRejected
            {
                TaskId = message.TaskId,
                TenantId = message.TenantId,
                IdempotencyKey = message.IdempotencyKey,
                Reason = refusal,
                RejectedAt = clock.GetUtcNow(),
            }, context.CancellationToken);
            return;
        }

        await TaskSubmission.AddAsync(request, db, context, clock.GetUtcNow(), settings.Value, context.CancellationToken);
    }
}
