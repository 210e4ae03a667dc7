using CodeTether.ServiceDefaults;
using CodeTether.Tasks.Data;
using CodeTether.Tasks.Dispatch;
using CodeTether.Tasks.Lifecycle;
using CodeTether.Tasks.Spending;
using CodeTether.Tasks.Submission;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Tasks.Api;

public static class AutomationTasksApi
{
    public static RouteGroupBuilder MapAutomationTasksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/automation/tasks");
        group.MapPost("/", CreateTask);
        group.MapGet("/", ListTasks);
        group.MapGet("/{id:guid}", GetTask);
        return group;
    }

    private static async Task<Results<Created<CreatedTaskResponse>, ValidationProblem, ProblemHttpResult>> CreateTask(
        CreateTaskRequest request, HttpContext http, TasksDbContext db, IPublishEndpoint publisher, SpendingGuard spending,
        TaskDispatcher dispatcher, TimeProvider clock, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var submission = new TaskSubmissionRequest(NewId.NextGuid(), http.Caller().TenantId, request.Title,
            request.Description, request.AgentType, request.Model, request.Priority, request.CodebaseId, request.WebhookUrl);
        if (TaskSubmission.Validate(submission) is { Count: > 0 } errors)
            return TypedResults.ValidationProblem(errors);

        if (await spending.RefusalAsync(submission.TenantId, cancellationToken) is { } refusal)
            return TypedResults.Problem(refusal);

        await dispatcher.RememberPlanAsync(submission.TenantId, http.Caller().Plan, cancellationToken);
        var task = await TaskSubmission.AddAsync(submission, db, publisher, clock.GetUtcNow(),
            TaskSubmission.DefaultModel(configuration), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        return TypedResults.Created($"/v1/automation/tasks/{task.Id}",
            new CreatedTaskResponse(task.Id, task.RunId, "queued", task.Title, task.CreatedAt));
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
        string? status, int? limit, HttpContext http, TasksDbContext db, CancellationToken cancellationToken)
    {
        var take = limit ?? 20;
        if (take is < 1 or > 100)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["The limit must be between 1 and 100."] });
        string? state = null;
        if (status is not null && !TaskLifecycle.TryParsePublicStatus(status, out state))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["status"] = [$"Unknown status '{status}'. Use one of: {string.Join(", ", TaskLifecycle.PublicStatuses)}."],
            });

        var tenant = http.Caller().TenantId;
        var query = db.Tasks.AsNoTracking().Include(t => t.Lifecycle).Where(t => t.TenantId == tenant);
        if (state is not null)
            query = query.Where(t => t.Lifecycle.CurrentState == state);
        var total = await query.CountAsync(cancellationToken);
        var tasks = await query.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).Take(take).ToListAsync(cancellationToken);
        return TypedResults.Ok(new TaskListResponse(tasks.Select(TaskResponse.From).ToList(), total));
    }
}
