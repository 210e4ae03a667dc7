using CodeTether.Contracts.Ralph;
using CodeTether.ServiceDefaults;
using CodeTether.ServiceDefaults.Persistence;
using CodeTether.Tasks.Api;
using CodeTether.Tasks.Codebases;
using CodeTether.Tasks.Data;
using CodeTether.Tasks.Spending;
using CodeTether.Tasks.Submission;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CodeTether.Tasks.Ralph;

/// <summary>The Zapier document's "Start Ralph Run", "Cancel Ralph Run", "Find Ralph Run" and "Find Ralph Runs"; <c>docs/ralph.md</c>.</summary>
public static class RalphApi
{
    public static readonly string[] RunModes = ["sequential", "parallel"];

    public static RouteGroupBuilder MapRalphApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/ralph/runs").WithTags("Ralph");
        group.MapPost("", StartRun).WithSummary("Start a Ralph run from a PRD")
            .WithDescription("The PRD as `prd` (an object: `project`, `branchName`, `description`, `userStories` with `id`, `title`, " +
                             "`description`, `acceptanceCriteria`, `priority`), as `prd_json` (the same as a string), or as the flat fields " +
                             "`project_name`, `branch_name`, `project_description` and `story_N_id`, `story_N_title`, `story_N_description`, " +
                             "`story_N_criteria` (one criterion per line) for N = 1…10. Each story is implemented by a build agent on the " +
                             "codebase (`codebase_id`, required) in a git worktree of the run's branch; the test command (`test_command`, or " +
                             "the codebase's) decides whether it passes; a pass is committed on the branch, a failure is tried again with " +
                             "the test output, up to `max_iterations` (default 10). `run_mode`: `sequential` (default) or `parallel`.")
            .ProducesValidationProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status402PaymentRequired);
        group.MapGet("", ListRuns).WithSummary("List Ralph runs, newest first")
            .WithDescription("`status` (`pending`, `running`, `completed`, `failed`, `cancelled`) filters; `limit` is 1–100 (default 20).");
        group.MapGet("/{id:guid}", GetRun).WithSummary("Get a Ralph run: status, progress, each story's attempts and commits")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/cancel", CancelRun).WithSummary("Cancel a Ralph run")
            .WithDescription("The run stops once the attempts under way have finished; stories not started are `skipped`. `202` with the " +
                             "run (`cancel_requested: true`); `409` once the run has finished.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<Results<Created<RalphRunResponse>, ValidationProblem, ProblemHttpResult>> StartRun(
        StartRalphRunRequest request, HttpContext http, TasksDbContext db, IPublishEndpoint publisher, SpendingGuard spending,
        IOptions<TaskSettings> tasks, IOptions<RalphSettings> ralph, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (prd, errors) = PrdParser.FromRequest(request, ralph.Value);
        if (request.MaxIterations is { } iterations && (iterations < 1 || iterations > ralph.Value.MaxIterations))
            errors["max_iterations"] = [$"The attempts per story must be between 1 and {ralph.Value.MaxIterations}."];
        if (request.RunMode is { } mode && !RunModes.Contains(mode))
            errors["run_mode"] = [$"Unknown run mode '{mode}'. Use one of: {string.Join(", ", RunModes)}."];
        if (request.Model is { } model && (model.Length > 200 || !tasks.Value.IsKnownModel(model)))
            errors["model"] = [$"Unknown model '{model}'. Use one of: {string.Join(", ", tasks.Value.Models)}, or a provider:model reference " +
                               $"with a provider among: {string.Join(", ", tasks.Value.ModelProviders)}."];
        if (request.TestCommand is { } command && (string.IsNullOrWhiteSpace(command) || command.Length > 2000))
            errors["test_command"] = ["The test command must be a non-empty command line of at most 2000 characters."];
        if (string.IsNullOrEmpty(request.CodebaseId))
            errors["codebase_id"] = ["A codebase is required: the stories are implemented there. GET /v1/codebases lists them."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var codebase = await db.Codebases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.CodebaseId, cancellationToken);
        if (codebase is null)
            return TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                ["codebase_id"] = [KnownCodebase.Unknown(request.CodebaseId!)],
            })
            {
                Status = StatusCodes.Status404NotFound,
                Title = "Codebase not found",
            });
        var caller = http.Caller();
        if (await spending.RefusalAsync(caller.TenantId, cancellationToken) is { } refusal)
            return TypedResults.Problem(refusal);

        var now = clock.GetUtcNow();
        var runMode = request.RunMode ?? "sequential";
        var run = new RalphRunState
        {
            CorrelationId = NewId.NextGuid(),
            CurrentState = nameof(RalphRun.Pending),
            TenantId = caller.TenantId,
            Project = prd!.Project!,
            BranchName = prd.BranchName!,
            Description = prd.Description,
            CodebaseId = codebase.Id,
            AgentName = codebase.AgentName,
            Model = request.Model ?? tasks.Value.DefaultModel,
            TestCommand = request.TestCommand,
            MaxIterations = request.MaxIterations ?? ralph.Value.DefaultMaxIterations,
            RunMode = runMode,
            MaxParallel = runMode == "parallel" ? ralph.Value.MaxParallelStories : 1,
            CreatedAt = now,
            Stories = [.. prd.UserStories!.Select(s => new RalphStoryProgress
            {
                Id = s.Id!,
                Title = s.Title!,
                Description = s.Description,
                AcceptanceCriteria = [.. s.AcceptanceCriteria ?? []],
                Priority = s.Priority!.Value,
            })],
        };
        db.RalphRuns.Add(run);
        // Goes to the outbox: stored with the run in one transaction, delivered once the broker takes it.
        await publisher.Publish(new RalphRunRequested { RunId = run.CorrelationId, TenantId = run.TenantId, RequestedAt = now }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/v1/ralph/runs/{run.CorrelationId}", RalphRunResponse.Of(run));
    }

    private static async Task<Results<Ok<RalphRunResponse>, ProblemHttpResult>> GetRun(Guid id, HttpContext http, TasksDbContext db,
        CancellationToken cancellationToken)
    {
        var run = await FindAsync(db, http.Caller().TenantId, id, cancellationToken);
        return run is null ? NotFound(id) : TypedResults.Ok(RalphRunResponse.Of(run));
    }

    private static async Task<Results<Ok<RalphRunList>, ValidationProblem>> ListRuns(string? status, int? limit, HttpContext http,
        TasksDbContext db, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        string? state = null;
        if (status is not null && !RalphRun.TryParsePublicStatus(status, out state))
            errors["status"] = ["Unknown status. Use one of: pending, running, completed, failed, cancelled."];
        var take = limit ?? AutomationTasksApi.DefaultPageSize;
        if (take is < 1 or > AutomationTasksApi.MaxPageSize)
            errors["limit"] = [$"The limit must be between 1 and {AutomationTasksApi.MaxPageSize}."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var tenant = http.Caller().TenantId;
        var runs = db.RalphRuns.AsNoTracking().Where(r => r.TenantId == tenant);
        if (state is not null)
            runs = runs.Where(r => r.CurrentState == state);
        var (page, total) = await db.CountAndPageAsync(runs,
            all => all.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.CorrelationId).Take(take), cancellationToken);
        return TypedResults.Ok(new RalphRunList([.. page.Select(RalphRunResponse.Of)], total));
    }

    private static async Task<Results<Accepted<RalphRunResponse>, ProblemHttpResult>> CancelRun(Guid id, HttpContext http, TasksDbContext db,
        IPublishEndpoint publisher, TimeProvider clock, CancellationToken cancellationToken)
    {
        var run = await FindAsync(db, http.Caller().TenantId, id, cancellationToken);
        if (run is null)
            return NotFound(id);
        if (RalphRun.IsFinished(run.CurrentState))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The run has finished",
                detail: $"Ralph run {id} is {RalphRun.PublicStatus(run.CurrentState)}; only a pending or running run can be cancelled.");
        await publisher.Publish(new CancelRalphRun { RunId = id, RequestedAt = clock.GetUtcNow() }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        // The saga records it; the answer shows what it will do.
        run.CancelRequested = true;
        return TypedResults.Accepted($"/v1/ralph/runs/{id}", RalphRunResponse.Of(run));
    }

    private static Task<RalphRunState?> FindAsync(TasksDbContext db, Guid tenant, Guid id, CancellationToken cancellationToken) =>
        db.RalphRuns.AsNoTracking().SingleOrDefaultAsync(r => r.TenantId == tenant && r.CorrelationId == id, cancellationToken);

    private static ProblemHttpResult NotFound(Guid id) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "Ralph run not found", detail: $"There is no Ralph run {id} for this account.");
}
