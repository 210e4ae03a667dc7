namespace CodeTether.Workers.Data;

/// <summary>One run of a task on this pool of workers; makes a redelivered TaskQueued a no-op once the run has finished.</summary>
public class WorkerRun
{
    public Guid RunId { get; init; }
    public Guid TaskId { get; init; }
    public Guid TenantId { get; init; }
    public required string WorkerId { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public bool? Succeeded { get; set; }
}
