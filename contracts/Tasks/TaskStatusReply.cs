namespace CodeTether.Contracts.Tasks;

/// <summary>The TaskLifecycle saga's reply to <see cref="CancelTask"/> or <see cref="AnswerTask"/>: whether it applied, and the status after it.</summary>
public record TaskStatusReply
{
    public required Guid TaskId { get; init; }
    public required bool Applied { get; init; }
    /// <summary>The public status after the request (the n8n document's names).</summary>
    public required string Status { get; init; }
}
