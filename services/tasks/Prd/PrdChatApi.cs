using CodeTether.ServiceDefaults;
using CodeTether.Tasks.Codebases;
using CodeTether.Tasks.Data;
using CodeTether.Tasks.Lifecycle;
using CodeTether.Tasks.Messages;
using CodeTether.Tasks.Ralph;
using CodeTether.Tasks.Submission;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CodeTether.Tasks.Prd;

/// <summary>The body of <c>POST /v1/prd/chat</c>.</summary>
public record PrdChatRequest(string? Message, string? ConversationId, string? CodebaseId, string? Model);

/// <param name="Response">The agent's answer (or its question, while its task needs input).</param>
/// <param name="HasPrd">Whether the answer holds a PRD that passes validation.</param>
/// <param name="PrdJson">That PRD as JSON, exactly what <c>POST /v1/ralph/runs</c> accepts as <c>prd_json</c>; null without one.</param>
public record PrdChatAnswer(string ConversationId, Guid TaskId, string Status, string Response, bool HasPrd, string? PrdJson);

/// <summary>
/// The Zapier document's "Generate PRD via Chat": a PRD chat is a conversation (<see cref="MessagesApi"/>) whose tasks'
/// agent writes PRDs (<see cref="PrdChat.Instructions"/>); <c>docs/ralph.md</c>.
/// </summary>
public static class PrdChatApi
{
    public static RouteGroupBuilder MapPrdChatApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/prd").WithTags("Ralph");
        group.MapPost("/chat", Chat).WithSummary("Chat with an agent to write a PRD for a Ralph run")
            .WithDescription("Sends `message` to a PRD-writing agent in a conversation (a new one without `conversation_id`; continue it to " +
                             "refine the PRD, or to answer the agent's question) and waits for its answer like `POST /v1/messages`. With `codebase_id` the agent reads that " +
                             "codebase. `has_prd` is true when the answer holds a PRD that passes validation; `prd_json` is then what " +
                             "`POST /v1/ralph/runs` accepts.")
            .ProducesProblem(StatusCodes.Status402PaymentRequired)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);
        return group;
    }

    private static async Task<Results<Ok<PrdChatAnswer>, ValidationProblem, ProblemHttpResult>> Chat(
        PrdChatRequest request, HttpContext http, MessageTasks tasks, TasksDbContext db,
        IOptions<TaskSettings> settings, IOptions<MessageSettings> messages, IOptions<RalphSettings> ralph, CancellationToken cancellationToken)
    {
        // With a codebase the agent may read it (plan: read-only tools); without, it only converses.
        var message = new SendMessageRequest(request.Message, request.ConversationId, request.CodebaseId is null ? "general" : "plan",
            request.Model, null, request.CodebaseId, null, null);
        var errors = MessageSubmission.Validate(message, settings.Value);
        string? codebaseName = null;
        if (errors.Count == 0 && request.CodebaseId is { } codebaseId)
        {
            codebaseName = await db.Codebases.Where(c => c.Id == codebaseId).Select(c => c.Name).SingleOrDefaultAsync(cancellationToken);
            if (codebaseName is null)
                errors["codebase_id"] = [KnownCodebase.Unknown(codebaseId)];
        }
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var (sent, refusal) = await tasks.SendAsync(message, http.Caller(), cancellationToken,
            PrdChat.Instructions(ralph.Value, codebaseName));
        if (sent is null)
            return TypedResults.Problem(refusal!);
        using var waiter = sent.Waiter;

        var (answered, problem) = await MessagesApi.AwaitAnswerAsync(sent, messages.Value.SyncWaitSeconds, db, cancellationToken);
        if (answered is null)
            return problem!;
        var (taskId, conversationId) = (sent.Task.Id, sent.Task.ConversationId!);
        if (answered.CurrentState == nameof(TaskLifecycle.NeedsInput))
            return TypedResults.Ok(new PrdChatAnswer(conversationId, taskId, "needs_input", answered.Question!, false, null));
        var prd = PrdChat.Find(answered.Result, ralph.Value);
        return TypedResults.Ok(new PrdChatAnswer(conversationId, taskId, "completed", answered.Result!, prd is not null, prd?.ToJson()));
    }
}
