namespace CodeTether.Workers.Data;

/// <summary>One turn of a task's run on this pool of workers; makes a redelivered RunTask a no-op once the turn has finished.</summary>
public class WorkerRun
{
    public const string Succeeded = "succeeded";
    public const string Asked = "asked";
    public const string Failed = "failed";
    public const string Stopped = "stopped";

    public Guid RunId { get; init; }
    /// <summary>0 for the first run, one more after each answer the agent got.</summary>
    public int Turn { get; init; }
    public Guid TaskId { get; init; }
    public Guid TenantId { get; init; }
    public required string WorkerId { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary><see cref="Succeeded"/>, <see cref="Asked"/>, <see cref="Failed"/> or <see cref="Stopped"/> once finished.</summary>
    public string? Outcome { get; set; }
}
