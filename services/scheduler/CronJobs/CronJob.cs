namespace CodeTether.Scheduler.CronJobs;

/// <summary>A tenant's recurring schedule that creates a task from its template at each occurrence.</summary>
public class CronJob
{
    public Guid Id { get; init; }
    public Guid TenantId { get; init; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public required string CronExpression { get; set; }
    /// <summary>IANA time zone the expression is read in.</summary>
    public required string TimeZone { get; set; }
    /// <summary>The task template as the user gave it (a JSON string or object), stored as jsonb.</summary>
    public required string TaskTemplate { get; set; }
    public bool Enabled { get; set; }
    /// <summary>The next scheduled occurrence (UTC); null while disabled.</summary>
    public DateTimeOffset? NextFireAt { get; set; }
    public Guid? LastRunId { get; set; }
    public Guid? LastRunTaskId { get; set; }
    public DateTimeOffset? LastRunAt { get; set; }
    public string? LastRunStatus { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One firing of a job: the occurrence it was for and the task it created.</summary>
public class CronJobRun
{
    public Guid Id { get; init; }
    public Guid JobId { get; init; }
    public Guid TenantId { get; init; }
    /// <summary>The scheduled UTC fire time (or the request time of a manual trigger): unique per job.</summary>
    public DateTimeOffset Occurrence { get; init; }
    /// <summary><see cref="CronRunTriggers"/>.</summary>
    public required string Trigger { get; init; }
    public Guid TaskId { get; init; }
    /// <summary><see cref="CronRunStatuses"/>.</summary>
    public required string Status { get; set; }
    public DateTimeOffset FiredAt { get; init; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? Error { get; set; }
}

public static class CronRunStatuses
{
    public const string Submitted = "submitted";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

public static class CronRunTriggers
{
    public const string Schedule = "schedule";
    public const string Manual = "manual";
}
