using CodeTether.Tasks.Conversations;
using CodeTether.Tasks.Submission;

namespace CodeTether.Tasks.Messages;

/// <summary>A message becomes a task of its conversation: the message is the prompt, its first line the title.</summary>
public static class MessageSubmission
{
    public const int MaxMessageLength = 100_000;
    private const int MaxTitleLength = 200;

    /// <summary>The task a valid message asks for; a message without a conversation id starts a new conversation.</summary>
    public static TaskSubmissionRequest ToTask(SendMessageRequest request, Guid taskId, Guid tenantId) =>
        new(taskId, tenantId, Title(request.Message!), request.Message, request.AgentType, request.ModelRef ?? request.Model,
            request.Priority, request.CodebaseId, WebhookUrl: null, request.NotifyEmail,
            ConversationId: request.ConversationId ?? ConversationLog.NewConversationId());

    /// <summary>The errors of a message, by JSON field name; empty when it is valid.</summary>
    public static Dictionary<string, string[]> Validate(SendMessageRequest request, TaskSettings settings)
    {
        if (string.IsNullOrWhiteSpace(request.Message))
            return new() { ["message"] = ["A message is required."] };
        if (request.Message.Length > MaxMessageLength)
            return new() { ["message"] = [$"The message must be at most {MaxMessageLength} characters."] };

        var errors = TaskSubmission.Validate(ToTask(request, Guid.Empty, Guid.Empty), settings);
        if (request.ModelRef is { } modelRef)
        {
            // model_ref wins over model, so what TaskSubmission says about "the model" is about model_ref.
            errors.Remove("model");
            if (!modelRef.Contains(':') || !settings.IsKnownModel(modelRef))
                errors["model_ref"] = [$"The model reference must be provider:model with a provider among: {string.Join(", ", settings.ModelProviders)}."];
        }
        return errors;
    }

    /// <summary>The message's first non-blank line, shortened to a task title.</summary>
    public static string Title(string message)
    {
        var line = message.Split('\n').Select(l => l.Trim()).First(l => l.Length > 0);
        if (line.Length <= MaxTitleLength)
            return line;
        var cut = char.IsHighSurrogate(line[MaxTitleLength - 2]) ? MaxTitleLength - 2 : MaxTitleLength - 1;
        return line[..cut].TrimEnd() + "…";
    }
}
