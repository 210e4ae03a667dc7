namespace CodeTether.Webhooks.Email;

/// <summary>Tell the task's <c>notify_email</c> how it ended: <paramref name="Text"/> is the result or the error.</summary>
public record SendTaskEmail(Guid TaskId, string Status, string Text, DateTimeOffset At);
