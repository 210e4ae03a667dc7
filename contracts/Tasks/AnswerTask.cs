namespace CodeTether.Contracts.Tasks;

/// <summary>A request to the TaskLifecycle saga: the user's answer to the question of a task that needs input. Answered with <see cref="TaskStatusReply"/>.</summary>
public record AnswerTask
{
    public required Guid TaskId { get; init; }
    public required string Answer { get; init; }
    public required DateTimeOffset AnsweredAt { get; init; }
}
