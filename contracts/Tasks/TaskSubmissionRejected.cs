namespace CodeTether.Contracts.Tasks;

/// <summary>
/// The tasks service did not create the task a <see cref="SubmitTask"/> asked for: the command was invalid, or the
/// tenant's spending limit is reached. No task with <see cref="TaskId"/> exists; the sender records the refusal.
/// </summary>
public record TaskSubmissionRejected
{
    public required Guid TaskId { get; init; }
    public required Guid TenantId { get; init; }
    public string? IdempotencyKey { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset RejectedAt { get; init; }
}
