using CodeTether.Contracts.Tasks;
using CodeTether.ServiceDefaults;
using CodeTether.Tasks.Data;
using CodeTether.Tasks.Lifecycle;
using CodeTether.Tasks.Spending;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Tasks.Api;

public static class AutomationTasksApi
{
    private static readonly string[] AgentTypes = ["general", "build", "plan", "explore"];

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
        TimeProvider clock, IConfiguration configuration, CancellationToken cancellationToken)
    {
        if (Validate(request) is { Count: > 0 } errors)
            return TypedResults.ValidationProblem(errors);

        var caller = http.Caller();
        if (await spending.RefusalAsync(caller.TenantId, cancellationToken) is { } refusal)
            return TypedResults.Problem(refusal);
        var now = clock.GetUtcNow();
        var task = new AgentTask
        {
            Id = NewId.NextGuid(),
            TenantId = caller.TenantId,
            RunId = NewId.NextGuid(),
            Title = request.Title!.Trim(),
            Description = request.Description,
            AgentType = request.AgentType ?? "general",
            Model = request.Model ?? configuration["Tasks:DefaultModel"] ?? "claude-sonnet-4",
            Priority = request.Priority ?? 0,
            CodebaseId = request.CodebaseId,
            WebhookUrl = request.WebhookUrl,
            CreatedAt = now,
            Lifecycle = null!,
        };
        db.Tasks.Add(task);
        db.Lifecycles.Add(new TaskLifecycleState
        {
            CorrelationId = task.Id,
            CurrentState = nameof(TaskLifecycle.Queued),
            TenantId = task.TenantId,
            RunId = task.RunId,
        });
        // Goes to the outbox: stored with the task in one transaction, delivered once the broker takes it.
        await publisher.Publish(new TaskQueued
        {
            TaskId = task.Id,
            TenantId = task.TenantId,
            RunId = task.RunId,
            Title = task.Title,
            Prompt = task.Prompt,
            AgentType = task.AgentType,
            Model = task.Model,
            Priority = task.Priority,
            CodebaseId = task.CodebaseId,
            QueuedAt = now,
        }, cancellationToken);
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

    private static Dictionary<string, string[]> Validate(CreateTaskRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var title = request.Title?.Trim();
        if (string.IsNullOrEmpty(title))
            errors["title"] = ["A title is required."];
        else if (title.Length > 200)
            errors["title"] = ["The title must be at most 200 characters."];
        if (request.AgentType is { } agentType && !AgentTypes.Contains(agentType))
            errors["agent_type"] = [$"Unknown agent type '{agentType}'. Use one of: {string.Join(", ", AgentTypes)}."];
        if (request.Model is { } model && (string.IsNullOrWhiteSpace(model) || model.Length > 200))
            errors["model"] = ["The model must be a model name or a provider:model reference."];
        if (request.WebhookUrl is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            errors["webhook_url"] = ["The webhook URL must be an absolute http or https URL."];
        return errors;
    }
}
