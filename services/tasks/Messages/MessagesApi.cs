using CodeTether.ServiceDefaults;
using CodeTether.ServiceDefaults.Persistence;
using CodeTether.Tasks.Api;
using CodeTether.Tasks.Data;
using CodeTether.Tasks.Lifecycle;
using CodeTether.Tasks.Submission;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CodeTether.Tasks.Messages;

/// <summary>
/// The Zapier document's "Send Message" and "Send Async Message": a message is a task of a conversation, whose earlier
/// messages the agent sees (<see cref="Conversations.ConversationLog"/>). <c>docs/messages.md</c> has the details.
/// </summary>
public static class MessagesApi
{
    public static RouteGroupBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/messages").WithTags("Messages");
        group.MapPost("", SendMessage).WithSummary("Send a message and wait for the agent's answer")
            .WithDescription("Creates a task for the message in its conversation (a new one without `conversation_id`) and waits for the " +
                             "agent, at most `Messages:SyncWaitSeconds` (25 s by default). `200` with `response` when it completed, or " +
                             "with `question` when the agent asks one: the next message in the conversation is the answer, and that task goes on. " +
                             "A failed task is a `502`, a cancelled one a `409`; no answer in time is a `504`: the task goes on, poll " +
                             "`GET /v1/automation/tasks/{task_id}`. Every problem carries `task_id` and `conversation_id`.")
            .ProducesProblem(StatusCodes.Status402PaymentRequired)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);
        group.MapPost("/async", SendAsyncMessage).WithSummary("Send a message; its task runs in the background")
            .WithDescription("Creates a task for the message in its conversation (a new one without `conversation_id`) and answers at " +
                             "once with `task_id` and `conversation_id`; follow the task at the `Location` given. `model_ref` " +
                             "(`provider:model`) wins over `model`. In a conversation whose agent asked a question, the message is the " +
                             "answer: that task goes on (`status` `running`).")
            .ProducesProblem(StatusCodes.Status402PaymentRequired);
        group.MapGet("", ReadConversation).WithSummary("Read a conversation's messages, oldest first")
            .WithDescription("The user and assistant messages of the conversation's completed tasks, in order. `limit` is 1–100 " +
                             "(default 20); while `has_more` is true, ask again with `starting_after` set to the last message's `position`.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Ok<MessageAnswer>, ValidationProblem, ProblemHttpResult>> SendMessage(
        SendMessageRequest request, HttpContext http, MessageTasks tasks, TasksDbContext db,
        IOptions<TaskSettings> settings, IOptions<MessageSettings> messages, CancellationToken cancellationToken)
    {
        var errors = MessageSubmission.Validate(request, settings.Value);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var (sent, refusal) = await tasks.SendAsync(request, http.Caller(), cancellationToken);
        if (sent is null)
            return TypedResults.Problem(refusal!);
        using var waiter = sent.Waiter;

        var (answered, problem) = await AwaitAnswerAsync(sent, messages.Value.SyncWaitSeconds, db, cancellationToken);
        if (answered is null)
            return problem!;
        var task = sent.Task;
        return answered.CurrentState == nameof(TaskLifecycle.NeedsInput)
            ? TypedResults.Ok(new MessageAnswer(task.Id, task.ConversationId!, "needs_input", null, answered.Question))
            : TypedResults.Ok(new MessageAnswer(task.Id, task.ConversationId!, "completed", answered.Result, null));
    }

    /// <summary>
    /// Waits at most <paramref name="wait"/> seconds for a message's task to stop running. Its state when it completed or
    /// needs input; otherwise the problem to answer: a failed task is a 502, a cancelled one a 409, no answer in time a 504.
    /// </summary>
    public static async Task<(TaskLifecycleState? Answered, ProblemHttpResult? Problem)> AwaitAnswerAsync(SentMessage sent, int wait,
        TasksDbContext db, CancellationToken cancellationToken)
    {
        var task = sent.Task;
        await sent.Waiter.WaitAsync(TimeSpan.FromSeconds(wait), cancellationToken);
        // Read either way: an outcome whose event this process missed (its broker connection was down) is found here.
        var state = await db.Lifecycles.AsNoTracking().SingleAsync(l => l.CorrelationId == task.Id, cancellationToken);
        var (taskId, conversationId) = (task.Id, task.ConversationId!);
        ProblemHttpResult Problem(int status, string title, string detail) => TypedResults.Problem(statusCode: status, title: title,
            detail: detail, extensions: new Dictionary<string, object?> { ["task_id"] = taskId, ["conversation_id"] = conversationId });
        return TaskLifecycle.PublicStatus(state.CurrentState) switch
        {
            "completed" or "needs_input" => (state, null),
            "failed" => (null, Problem(StatusCodes.Status502BadGateway, "The agent failed", state.Error!)),
            "cancelled" => (null, Problem(StatusCodes.Status409Conflict, "The task was cancelled", $"Task {taskId} was cancelled before the agent answered.")),
            var status => (null, Problem(StatusCodes.Status504GatewayTimeout, "No answer yet",
                $"The agent did not answer within {wait} seconds; task {taskId} is {status} and goes on. Follow it at " +
                $"GET /v1/automation/tasks/{taskId}; its answer joins conversation '{conversationId}' when it completes.")),
        };
    }

    private static async Task<Results<Accepted<AcceptedMessage>, ValidationProblem, ProblemHttpResult>> SendAsyncMessage(
        SendMessageRequest request, HttpContext http, MessageTasks tasks, IOptions<TaskSettings> settings, CancellationToken cancellationToken)
    {
        var errors = MessageSubmission.Validate(request, settings.Value);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var (sent, refusal) = await tasks.SendAsync(request, http.Caller(), cancellationToken);
        if (sent is null)
            return TypedResults.Problem(refusal!);
        sent.Waiter.Dispose();
        var task = sent.Task;
        return TypedResults.Accepted($"/v1/automation/tasks/{task.Id}", new AcceptedMessage(task.Id, task.ConversationId!, sent.Status, task.CreatedAt));
    }

    private static async Task<Results<Ok<ConversationResponse>, ValidationProblem, ProblemHttpResult>> ReadConversation(
        [FromQuery(Name = "conversation_id")] string? conversationId, int? limit, [FromQuery(Name = "starting_after")] int? startingAfter,
        HttpContext http, TasksDbContext db, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(conversationId))
            errors["conversation_id"] = ["The conversation id is required."];
        var take = limit ?? AutomationTasksApi.DefaultPageSize;
        if (take is < 1 or > AutomationTasksApi.MaxPageSize)
            errors["limit"] = [$"The limit must be between 1 and {AutomationTasksApi.MaxPageSize}."];
        if (startingAfter < 0)
            errors["starting_after"] = ["The position to start after must be 0 or more."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var tenant = http.Caller().TenantId;
        var conversation = await db.Conversations.AsNoTracking()
            .SingleOrDefaultAsync(c => c.TenantId == tenant && c.Id == conversationId, cancellationToken);
        if (conversation is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Conversation not found",
                detail: $"There is no conversation '{conversationId}' for this account.");

        var entries = db.ConversationEntries.AsNoTracking().Where(m => m.TenantId == tenant && m.ConversationId == conversationId);
        var after = startingAfter ?? 0;
        var (page, total) = await db.CountAndPageAsync(entries, all => all.Where(m => m.Position > after).OrderBy(m => m.Position).Take(take + 1)
            .Select(m => new ConversationMessageResponse(m.Position, m.Role, m.Content, m.TaskId, m.CreatedAt)), cancellationToken);
        return TypedResults.Ok(new ConversationResponse(conversation.Id, conversation.CreatedAt, page.Take(take).ToList(), total, page.Count > take));
    }
}
