using CodeTether.Contracts.Agents;
using CodeTether.ServiceDefaults.Persistence;
using CodeTether.Workers.Data;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Workers.Registry;

/// <summary>
/// The Zapier "Find Codebase" search, and registering a directory as a codebase of an agent. Codebases are the
/// operator's, like the agents whose machines hold them: every tenant sees and may target them.
/// </summary>
public static class CodebasesApi
{
    public const int MaxNameLength = 200;
    public const int MaxPathLength = 1024;
    public const int MaxTestCommandLength = 2000;
    private static readonly RequestTimeout ReplyTimeout = RequestTimeout.After(s: 15);

    public static RouteGroupBuilder MapCodebasesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/codebases").WithTags("Codebases");
        group.MapGet("", ListCodebases).WithSummary("Find codebases, by name")
            .WithDescription("`name` matches part of the name, ignoring case; `limit` is 1–100 (default 20); while `has_more` is true, " +
                             "ask again with `starting_after` set to the last codebase's id. A task with a `codebase_id` runs on the agent " +
                             "named in `worker`.");
        group.MapGet("/{id}", GetCodebase).WithSummary("Get a codebase").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("", RegisterCodebase).WithSummary("Register a directory as a codebase of an agent")
            .WithDescription("The agent's workers check that the directory exists on their machine and keep it (every worker process of " +
                             "the agent, and after a restart). Registering the same directory again answers the same codebase.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);
        return group;
    }

    private static async Task<Results<Ok<CodebaseListResponse>, ValidationProblem>> ListCodebases(string? name, int? limit,
        [FromQuery(Name = "starting_after")] string? startingAfter, WorkersDbContext db, AgentRegistry registry, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = limit ?? AgentsApi.DefaultPageSize;
        if (take is < 1 or > AgentsApi.MaxPageSize)
            errors["limit"] = [$"The limit must be between 1 and {AgentsApi.MaxPageSize}."];
        var cursor = startingAfter is null
            ? null
            : await db.Codebases.Where(c => c.Id == startingAfter).Select(c => new { c.Id, c.Name }).SingleOrDefaultAsync(cancellationToken);
        if (startingAfter is not null && cursor is null)
            errors["starting_after"] = [$"There is no codebase '{startingAfter}'."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var search = name?.Trim().ToLowerInvariant();
        var matching = string.IsNullOrEmpty(search) ? db.Codebases.AsNoTracking() : db.Codebases.AsNoTracking().Where(c => c.Name.ToLower().Contains(search));
        var (codebases, total) = await db.CountAndPageAsync(matching, all => (cursor is null
                ? all
                : all.Where(c => string.Compare(c.Name, cursor.Name) > 0 || (c.Name == cursor.Name && string.Compare(c.Id, cursor.Id) > 0)))
            .OrderBy(c => c.Name).ThenBy(c => c.Id).Take(take + 1), cancellationToken);
        var agents = codebases.Select(c => c.AgentName).Distinct().ToList();
        var online = (await registry.OnlineWorkers.Where(w => agents.Contains(w.AgentName)).Select(w => w.AgentName).Distinct()
            .ToListAsync(cancellationToken)).ToHashSet();
        return TypedResults.Ok(new CodebaseListResponse(
            [.. codebases.Take(take).Select(c => CodebaseResponse.From(c, registry.StatusOf(c, online.Contains(c.AgentName))))],
            total, codebases.Count > take));
    }

    private static async Task<Results<Ok<CodebaseResponse>, ProblemHttpResult>> GetCodebase(string id, WorkersDbContext db,
        AgentRegistry registry, CancellationToken cancellationToken)
    {
        var codebase = await db.Codebases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        return codebase is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Codebase not found",
                detail: $"There is no codebase '{id}'. Find codebases with GET /v1/codebases.")
            : TypedResults.Ok(await ResponseAsync(codebase, registry, cancellationToken));
    }

    private static async Task<Results<Created<CodebaseResponse>, ValidationProblem, ProblemHttpResult>> RegisterCodebase(
        RegisterCodebaseRequest request, WorkersDbContext db, AgentRegistry registry, IBus bus, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Name is { } name && (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength))
            errors["name"] = [$"The name must be 1 to {MaxNameLength} characters."];
        if (string.IsNullOrWhiteSpace(request.Path))
            errors["path"] = ["The directory's path is required."];
        else if (request.Path.Length > MaxPathLength || !Path.IsPathFullyQualified(request.Path))
            errors["path"] = [$"The path must be absolute (such as /srv/repos/shop) and at most {MaxPathLength} characters."];
        if (string.IsNullOrWhiteSpace(request.AgentName))
            errors["agent_name"] = ["The name of the agent whose workers have the directory is required."];
        else if (!AgentNames.IsValid(request.AgentName))
            errors["agent_name"] = [$"'{request.AgentName}' is not an agent name: {AgentNames.Rule}."];
        if (request.TestCommand is { } testCommand && (string.IsNullOrWhiteSpace(testCommand) || testCommand.Length > MaxTestCommandLength))
            errors["test_command"] = [$"The test command must be a non-empty command line of at most {MaxTestCommandLength} characters."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var agent = request.AgentName!;
        if (!await registry.IsOnlineAsync(agent, cancellationToken))
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Agent not found",
                detail: $"Agent '{agent}' is unknown or offline: none of its workers sent a heartbeat in the last " +
                        $"{registry.OfflineAfter.TotalSeconds:0} seconds. Find agents with GET /v1/agents.");

        var client = bus.CreateRequestClient<RegisterCodebase>(new Uri($"queue:{AgentNames.CodebaseQueue(agent)}"), ReplyTimeout);
        var path = request.Path!.Trim();
        Response<CodebaseRegistered, CodebaseRejected> response;
        try
        {
            response = await client.GetResponse<CodebaseRegistered, CodebaseRejected>(
                new RegisterCodebase { AgentName = agent, Name = request.Name?.Trim() ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(path)), Path = path, TestCommand = request.TestCommand },
                cancellationToken);
        }
        catch (RequestTimeoutException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status504GatewayTimeout, title: "Agent did not answer",
                detail: $"No worker of agent '{agent}' answered within {ReplyTimeout.Value.TotalSeconds:0} seconds. Try again.");
        }

        if (response.Message is CodebaseRejected rejected)
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Directory not usable",
                detail: rejected.Reason);
        var registered = (CodebaseRegistered)response.Message;
        var codebase = await db.Codebases.AsNoTracking().SingleAsync(c => c.Id == registered.CodebaseId, cancellationToken);
        return TypedResults.Created($"/v1/codebases/{codebase.Id}", await ResponseAsync(codebase, registry, cancellationToken));
    }

    private static async Task<CodebaseResponse> ResponseAsync(Codebase codebase, AgentRegistry registry, CancellationToken cancellationToken) =>
        CodebaseResponse.From(codebase, registry.StatusOf(codebase, await registry.IsOnlineAsync(codebase.AgentName, cancellationToken)));
}
