using System.Text.Json;

namespace CodeTether.Scheduler.CronJobs;

/// <summary>The body of <c>POST /v1/cronjobs</c>, and of <c>PUT /v1/cronjobs/{id}</c> where left-out fields keep their value.</summary>
public record CronJobRequest(
    string? Name,
    string? CronExpression,
    JsonElement? TaskTemplate,
    string? Description,
    string? Timezone,
    bool? Enabled);

public record ValidateCronRequest(string? CronExpression, string? Timezone);

public record ValidateCronResponse(
    bool Valid,
    string CronExpression,
    string Timezone,
    IReadOnlyList<DateTimeOffset> NextFireTimes,
    IReadOnlyList<string> NextFireTimesLocal);

public record CronRunSummary(Guid RunId, Guid TaskId, string Status, DateTimeOffset? RunAt);

public record CronJobResponse(
    Guid Id,
    Guid CronjobId,
    string Name,
    string? Description,
    string CronExpression,
    string Timezone,
    JsonElement TaskTemplate,
    bool Enabled,
    DateTimeOffset? NextFireAt,
    DateTimeOffset? LastRunAt,
    string? LastRunStatus,
    CronRunSummary? LastRun,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static CronJobResponse From(CronJob job)
    {
        using var template = JsonDocument.Parse(job.TaskTemplate);
        var lastRun = job is { LastRunId: { } runId, LastRunTaskId: { } taskId }
            ? new CronRunSummary(runId, taskId, job.LastRunStatus ?? CronRunStatuses.Submitted, job.LastRunAt)
            : null;
        return new CronJobResponse(job.Id, job.Id, job.Name, job.Description, job.CronExpression, job.TimeZone,
            template.RootElement.Clone(), job.Enabled, job.NextFireAt, job.LastRunAt, job.LastRunStatus, lastRun,
            job.CreatedAt, job.UpdatedAt);
    }
}

public record CronJobListResponse(IReadOnlyList<CronJobResponse> Cronjobs, int Total, int Limit, int Offset);

public record CronRunResponse(
    Guid RunId,
    Guid CronjobId,
    Guid TaskId,
    string TaskUrl,
    string Trigger,
    DateTimeOffset Occurrence,
    string Status,
    DateTimeOffset FiredAt,
    DateTimeOffset? FinishedAt,
    string? Error)
{
    public static CronRunResponse From(CronJobRun run) => new(run.Id, run.JobId, run.TaskId,
        $"/v1/automation/tasks/{run.TaskId}", run.Trigger, run.Occurrence, run.Status, run.FiredAt, run.FinishedAt, run.Error);
}

public record CronRunListResponse(IReadOnlyList<CronRunResponse> Runs, int Total);
