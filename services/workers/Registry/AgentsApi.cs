using CodeTether.ServiceDefaults.Persistence;
using CodeTether.Workers.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Workers.Registry;

/// <summary>The Zapier "Find Agent" search: every tenant sees every agent (they are the operator's).</summary>
public static class AgentsApi
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static RouteGroupBuilder MapAgentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/agents").WithTags("Agents");
        group.MapGet("", ListAgents).WithSummary("Find agents, by name")
            .WithDescription("`name` matches part of the name, ignoring case; `limit` is 1–100 (default 20); while `has_more` is true, " +
                             "ask again with `starting_after` set to the last agent's name. An agent is `online` while one of its workers " +
                             "sent a heartbeat within the last 120 seconds and has not stopped since.");
        group.MapGet("/{name}", GetAgent).WithSummary("Get an agent").ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Ok<AgentListResponse>, ValidationProblem>> ListAgents(string? name, int? limit,
        [FromQuery(Name = "starting_after")] string? startingAfter, WorkersDbContext db, AgentRegistry registry, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = limit ?? DefaultPageSize;
        if (take is < 1 or > MaxPageSize)
            errors["limit"] = [$"The limit must be between 1 and {MaxPageSize}."];
        if (startingAfter is not null && !await db.Agents.AnyAsync(a => a.Name == startingAfter, cancellationToken))
            errors["starting_after"] = [$"There is no agent '{startingAfter}'."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var search = name?.Trim().ToLowerInvariant();
        var matching = string.IsNullOrEmpty(search) ? db.Agents.AsNoTracking() : db.Agents.AsNoTracking().Where(a => a.Name.Contains(search));
        var (agents, total) = await db.CountAndPageAsync(matching, all => (startingAfter is null
                ? all
                : all.Where(a => string.Compare(a.Name, startingAfter) > 0)).OrderBy(a => a.Name).Take(take + 1), cancellationToken);
        var names = agents.Select(a => a.Name).ToList();
        var workers = (await registry.OnlineWorkers.Where(w => names.Contains(w.AgentName)).ToListAsync(cancellationToken))
            .ToLookup(w => w.AgentName);
        return TypedResults.Ok(new AgentListResponse(
            [.. agents.Take(take).Select(a => AgentResponse.From(a, [.. workers[a.Name]]))], total, agents.Count > take));
    }

    private static async Task<Results<Ok<AgentResponse>, ProblemHttpResult>> GetAgent(string name, WorkersDbContext db,
        AgentRegistry registry, CancellationToken cancellationToken)
    {
        var agent = await db.Agents.AsNoTracking().SingleOrDefaultAsync(a => a.Name == name, cancellationToken);
        if (agent is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Agent not found",
                detail: $"No worker of an agent named '{name}' ever sent a heartbeat. Find agents with GET /v1/agents.");
        var workers = await registry.OnlineWorkers.Where(w => w.AgentName == name).ToListAsync(cancellationToken);
        return TypedResults.Ok(AgentResponse.From(agent, workers));
    }
}
