using CodeTether.ServiceDefaults;
using CodeTether.Tasks.Data;
using CodeTether.Tasks.Dispatch;
using CodeTether.Tasks.Spending;
using CodeTether.Tasks.Submission;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CodeTether.Tasks.Api;

/// <summary>
/// The Zapier "Send to Specific Agent" action: a task that only the named agent runs, waiting for it. Lives here, not
/// with the agents in the workers service, because it creates a task; the gateway routes exactly this path here.
/// </summary>
public static class AgentSendApi
{
    public const string Path = "/v1/agents/send";
    public const int MaxTitleLength = 80;

    public static RouteHandlerBuilder MapAgentSendApi(this IEndpointRouteBuilder app) =>
        app.MapPost(Path, SendToAgent).WithTags("Agents").WithSummary("Send a message to a named agent")
            .WithDescription("Creates a task that only the named agent runs (every worker of that agent takes it from the agent's own queue); " +
                             "it waits until one of them is free. With `deadline_seconds`, a task that agent has not started by then fails " +
                             "with an error that says so. Follow it with `GET /v1/automation/tasks/{id}` or a webhook, like any task.")
            .ProducesProblem(StatusCodes.Status402PaymentRequired);

    private static async Task<Results<Created<SentToAgentResponse>, ValidationProblem, ProblemHttpResult>> SendToAgent(
        SendToAgentRequest request, HttpContext http, TasksDbContext db, IPublishEndpoint publisher, SpendingGuard spending,
        TaskDispatcher dispatcher, TimeProvider clock, IOptions<TaskSettings> settings, CancellationToken cancellationToken)
    {
        var tenant = http.Caller().TenantId;
        var submission = new TaskSubmissionRequest(NewId.NextGuid(), tenant, TitleOf(request.Message), request.Message, null,
            request.Model, request.Priority, request.CodebaseId, null, request.NotifyEmail,
            ConversationId: request.ConversationId, AgentName: request.AgentName, DeadlineSeconds: request.DeadlineSeconds);
        var errors = await TaskSubmission.ValidateAsync(submission, settings.Value, db, cancellationToken);
        // The title is made from the message: it is missing only when the message is.
        if (errors.Remove("title"))
            errors["message"] = ["The message for the agent is required."];
        if (string.IsNullOrWhiteSpace(request.AgentName))
            errors["agent_name"] = ["The name of the agent to send to is required (find it with GET /v1/agents)."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        if (await spending.RefusalAsync(tenant, cancellationToken) is { } refusal)
            return TypedResults.Problem(refusal);
        await dispatcher.RememberPlanAsync(tenant, http.Caller().Plan, cancellationToken);
        var task = await TaskSubmission.AddAsync(submission, db, publisher, clock.GetUtcNow(), settings.Value, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/v1/automation/tasks/{task.Id}",
            new SentToAgentResponse(task.Id, task.RunId, "queued", task.Title, task.AgentName!, task.DeadlineSeconds, task.ConversationId, task.CreatedAt));
    }

    /// <summary>The message's first line, cut to <see cref="MaxTitleLength"/> characters.</summary>
    private static string? TitleOf(string? message)
    {
        var line = message?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        return line is null || line.Length <= MaxTitleLength ? line : line[..(MaxTitleLength - 1)].TrimEnd() + "…";
    }
}

/// <summary>The body of <c>POST /v1/agents/send</c>.</summary>
/// <param name="AgentName">The agent that must run the task (from <c>GET /v1/agents</c>).</param>
/// <param name="Message">What the agent is asked; its first line is the task's title.</param>
/// <param name="ConversationId">Continue this conversation of <c>/v1/messages</c>: the agent sees its earlier messages.</param>
/// <param name="CodebaseId">A codebase of that agent (from <c>GET /v1/codebases</c>).</param>
/// <param name="DeadlineSeconds">Fail the task if the agent has not started it within this many seconds.</param>
public record SendToAgentRequest(
    string? AgentName,
    string? Message,
    string? ConversationId,
    string? CodebaseId,
    int? Priority,
    int? DeadlineSeconds,
    string? NotifyEmail,
    string? Model);

public record SentToAgentResponse(Guid TaskId, Guid RunId, string Status, string Title, string AgentName, int? DeadlineSeconds,
    string? ConversationId, DateTimeOffset CreatedAt);
