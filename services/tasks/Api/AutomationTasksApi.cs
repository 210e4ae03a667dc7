using System.Text.Json;
using CodeTether.ServiceDefaults;
using CodeTether.ServiceDefaults.Persistence;
using CodeTether.Tasks.Data;
using CodeTether.Tasks.Dispatch;
using CodeTether.Tasks.Idempotency;
using CodeTether.Tasks.Lifecycle;
using CodeTether.Tasks.Spending;
using CodeTether.Tasks.Submission;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CodeTether.Tasks.Api;

public static class AutomationTasksApi
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static RouteGroupBuilder MapAutomationTasksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/automation/tasks").WithTags("Tasks");
        group.MapPost("", CreateTask).WithSummary("Create a task")
            .WithDescription($"With an `{IdempotentTaskCreation.HeaderName}` header, a retry with the same body answers the first " +
                             $"answer again (marked `{IdempotentTaskCreation.ReplayedHeaderName}: true`); the same key with another body is a 422.")
            .ProducesProblem(StatusCodes.Status402PaymentRequired)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("", ListTasks).WithSummary("List tasks, newest first")
            .WithDescription("`status` filters (`pending` and `working` are aliases of `queued` and `running`); `limit` is 1–100 (default 20); " +
                             "while `has_more` is true, ask again with `starting_after` set to the last task's id.");
        group.MapGet("/{id:guid}", GetTask).WithSummary("Get a task").ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Created<CreatedTaskResponse>, ValidationProblem, ProblemHttpResult>> CreateTask(
        CreateTaskRequest request, [FromHeader(Name = IdempotentTaskCreation.HeaderName)] string? idempotencyKey,
        HttpContext http, TasksDbContext db, IPublishEndpoint publisher, SpendingGuard spending, TaskDispatcher dispatcher, TimeProvider clock,
        IOptions<TaskSettings> settings, IOptions<HttpJsonOptions> json, CancellationToken cancellationToken)
    {
        var tenant = http.Caller().TenantId;
        var submission = new TaskSubmissionRequest(NewId.NextGuid(), tenant, request.Title, request.Description, request.AgentType,
            request.Model, request.Priority, request.CodebaseId, request.WebhookUrl, request.NotifyEmail, request.TimeoutSeconds);
        var errors = await TaskSubmission.ValidateAsync(submission, settings.Value, db, cancellationToken);
        if (idempotencyKey is not null && (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > IdempotentTaskCreation.MaxKeyLength))
            errors[IdempotentTaskCreation.HeaderName] = [$"The idempotency key must be 1 to {IdempotentTaskCreation.MaxKeyLength} characters."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        // With a key, everything happens in one transaction, rolled back unless committed below: a refused or failed
        // request leaves the key free for a retry, and a concurrent request with the key waits for this one's answer.
        await using var transaction = idempotencyKey is null ? null : await db.Database.BeginTransactionAsync(cancellationToken);
        var requestHash = IdempotentTaskCreation.RequestHash(request);
        if (idempotencyKey is not null && await IdempotentTaskCreation.ClaimAsync(db, tenant, idempotencyKey, requestHash, submission.TaskId,
                clock.GetUtcNow(), TimeSpan.FromHours(settings.Value.IdempotencyKeyRetentionHours), cancellationToken) is { } earlier)
        {
            if (earlier.RequestHash != requestHash)
                return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "Idempotency key reused with another request",
                    detail: $"The {IdempotentTaskCreation.HeaderName} '{idempotencyKey}' was first used with a different body " +
                            $"(task {earlier.TaskId}). Use a new key for a new task.");
            http.Response.Headers[IdempotentTaskCreation.ReplayedHeaderName] = "true";
            return TypedResults.Created(earlier.Location,
                JsonSerializer.Deserialize<CreatedTaskResponse>(earlier.ResponseBody, json.Value.SerializerOptions)!);
        }

        if (await spending.RefusalAsync(tenant, cancellationToken) is { } refusal)
            return TypedResults.Problem(refusal);
        await dispatcher.RememberPlanAsync(tenant, http.Caller().Plan, cancellationToken);
        var task = await TaskSubmission.AddAsync(submission, db, publisher, clock.GetUtcNow(), settings.Value, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var location = $"/v1/automation/tasks/{task.Id}";
        var created = new CreatedTaskResponse(task.Id, task.RunId, "queued", task.Title, task.CreatedAt);
        if (transaction is not null)
        {
            await IdempotentTaskCreation.RecordAnswerAsync(db, tenant, idempotencyKey!, location,
                JsonSerializer.Serialize(created, json.Value.SerializerOptions), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return TypedResults.Created(location, created);
    }

    private static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> GetTask(
        Guid id, HttpContext http, TasksDbContext db, CancellationToken cancellationToken)
    {
        var tenant = http.Caller().TenantId;
        var task = await db.Tasks.AsNoTracking().Include(t => t.Lifecycle)
            .SingleOrDefaultAsync(t => t.Id == id && t.TenantId == tenant, cancellationToken);
        return task is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Task not found",
                detail: $"There is no task {id} for this account.")
            : TypedResults.Ok(TaskResponse.From(task));
    }

    private static async Task<Results<Ok<TaskListResponse>, ValidationProblem>> ListTasks(
        string? status, int? limit, [FromQuery(Name = "starting_after")] Guid? startingAfter,
        HttpContext http, TasksDbContext db, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = limit ?? DefaultPageSize;
        if (take is < 1 or > MaxPageSize)
            errors["limit"] = [$"The limit must be between 1 and {MaxPageSize}."];
        string? state = null;
        if (status is not null && !TaskLifecycle.TryParsePublicStatus(status, out state))
            errors["status"] = [$"Unknown status '{status}'. Use one of: {string.Join(", ", TaskLifecycle.PublicStatuses)} (or pending, working)."];

        var tenant = http.Caller().TenantId;
        var tenantTasks = db.Tasks.AsNoTracking().Where(t => t.TenantId == tenant);
        var cursor = startingAfter is { } after
            ? await tenantTasks.Where(t => t.Id == after).Select(t => new { t.Id, t.CreatedAt }).SingleOrDefaultAsync(cancellationToken)
            : null;
        if (startingAfter is not null && cursor is null)
            errors["starting_after"] = [$"There is no task {startingAfter} for this account."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var matching = state is null ? tenantTasks : tenantTasks.Where(t => t.Lifecycle.CurrentState == state);
        var (tasks, total) = await db.CountAndPageAsync(matching, all => (cursor is null
                ? all
                : all.Where(t => t.CreatedAt < cursor.CreatedAt || (t.CreatedAt == cursor.CreatedAt && t.Id < cursor.Id)))
            .Include(t => t.Lifecycle).OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).Take(take + 1), cancellationToken);
        return TypedResults.Ok(new TaskListResponse(tasks.Take(take).Select(TaskResponse.From).ToList(), total, tasks.Count > take));
    }
}
