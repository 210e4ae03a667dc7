using CodeTether.Contracts.Tasks;
using CodeTether.Tasks.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Tasks.Submission;

/// <summary>
/// Creates the task a <see cref="SubmitTask"/> asks for, exactly as the public API does. The endpoint's inbox drops a
/// redelivered message; a replayed one (a new message id) whose task id or idempotency key already exists is a no-op here.
/// An invalid command cannot become valid by retrying: it is logged and dropped.
/// </summary>
public sealed class SubmitTaskConsumer(TasksDbContext db, TimeProvider clock, IConfiguration configuration,
    ILogger<SubmitTaskConsumer> logger) : IConsumer<SubmitTask>
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
            message.AgentType, message.Model, message.Priority, message.CodebaseId, message.WebhookUrl, message.IdempotencyKey);
        if (TaskSubmission.Validate(request) is { Count: > 0 } errors)
        {
            logger.LogWarning("SubmitTask {TaskId} is invalid and was dropped: {Errors}", message.TaskId,
                string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}")));
            return;
        }

        await TaskSubmission.AddAsync(request, db, context, clock.GetUtcNow(), TaskSubmission.DefaultModel(configuration),
            context.CancellationToken);
    }
}
