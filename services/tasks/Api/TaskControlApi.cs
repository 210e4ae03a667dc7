using CodeTether.Contracts.Tasks;
using CodeTether.ServiceDefaults;
using CodeTether.Tasks.Data;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Tasks.Api;

/// <summary>
/// Cancelling a task and answering its agent's question. The TaskLifecycle saga decides: the request waits for its reply
/// (sent once the saga's change is committed) and answers with the task as it is then, or <c>409</c> if the task's
/// status does not allow it.
/// </summary>
public static class TaskControlApi
{
    public const int MaxInputLength = Messages.MessageSubmission.MaxMessageLength;
    private static readonly RequestTimeout ReplyTimeout = RequestTimeout.After(s: 20);

    public static RouteGroupBuilder MapTaskControlApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/automation/tasks");
        group.MapDelete("/{id:guid}", CancelTask);
        group.MapPost("/{id:guid}/input", AnswerTask);
        return group;
    }

    private static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> CancelTask(
        Guid id, HttpContext http, TasksDbContext db, IBus bus, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!await IsOwnTaskAsync(db, id, http, cancellationToken))
            return NotFound(id);
        var reply = await bus.Request<CancelTask, TaskStatusReply>(
            new CancelTask { TaskId = id, RequestedAt = clock.GetUtcNow() }, cancellationToken, ReplyTimeout);
        return reply.Message.Applied
            ? TypedResults.Ok(await ReadAsync(db, id, cancellationToken))
            : Conflict($"The task is already {reply.Message.Status}; only queued, running or needs_input tasks can be cancelled.");
    }

    private static async Task<Results<Ok<TaskResponse>, ValidationProblem, ProblemHttpResult>> AnswerTask(
        Guid id, TaskInputRequest request, HttpContext http, TasksDbContext db, IBus bus, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Input))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["input"] = ["The answer to the agent's question is required."] });
        if (request.Input.Length > MaxInputLength)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["input"] = [$"The answer must be at most {MaxInputLength} characters."] });
        if (!await IsOwnTaskAsync(db, id, http, cancellationToken))
            return NotFound(id);

        var reply = await AnswerAsync(bus, id, request.Input, clock, cancellationToken);
        return reply.Applied
            ? TypedResults.Ok(await ReadAsync(db, id, cancellationToken))
            : Conflict($"The task is {reply.Status}; only a task that needs input takes an answer.");
    }

    /// <summary>Gives the saga the answer to its task's question: applied only while the task needs input.</summary>
    public static async Task<TaskStatusReply> AnswerAsync(IBus bus, Guid taskId, string answer, TimeProvider clock, CancellationToken cancellationToken) =>
        (await bus.Request<AnswerTask, TaskStatusReply>(new AnswerTask { TaskId = taskId, Answer = answer, AnsweredAt = clock.GetUtcNow() },
            cancellationToken, ReplyTimeout)).Message;

    private static Task<bool> IsOwnTaskAsync(TasksDbContext db, Guid id, HttpContext http, CancellationToken cancellationToken)
    {
        var tenant = http.Caller().TenantId;
        return db.Tasks.AnyAsync(t => t.Id == id && t.TenantId == tenant, cancellationToken);
    }

    private static async Task<TaskResponse> ReadAsync(TasksDbContext db, Guid id, CancellationToken cancellationToken) =>
        TaskResponse.From(await db.Tasks.AsNoTracking().Include(t => t.Lifecycle).SingleAsync(t => t.Id == id, cancellationToken));

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Task not found", detail: $"There is no task {id} for this account.");

    private static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Task status does not allow this", detail: detail);
}

/// <summary>The body of <c>POST /v1/automation/tasks/{id}/input</c>.</summary>
public record TaskInputRequest(string? Input);
