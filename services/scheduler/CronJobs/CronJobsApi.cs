using System.Globalization;
using System.Text.Json;
using CodeTether.Scheduler.Data;
using CodeTether.ServiceDefaults;
using CodeTether.ServiceDefaults.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Scheduler.CronJobs;

/// <summary><c>/v1/cronjobs</c>: a tenant's cron jobs (the Zapier document's "Create Cron Job"), their runs, and a dry run of an expression.</summary>
public static class CronJobsApi
{
    /// <summary>The Zapier document names only this scope for cron jobs; it allows reads too.</summary>
    public const string Scope = "cronjobs:write";
    private const int NextFireTimesCount = 5;

    public static RouteGroupBuilder MapCronJobsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/cronjobs").AddEndpointFilter(async (context, next) =>
            context.HttpContext.Caller().Scopes.Contains(Scope)
                ? await next(context)
                : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Missing scope",
                    detail: $"This API key lacks the '{Scope}' scope that cron jobs need."));
        group.MapPost("/", CreateAsync);
        group.MapGet("/", ListAsync);
        group.MapPost("/validate", Validate);
        group.MapGet("/{id:guid}", GetAsync);
        group.MapPut("/{id:guid}", UpdateAsync);
        group.MapDelete("/{id:guid}", DeleteAsync);
        group.MapPost("/{id:guid}/enable", (Guid id, HttpContext http, SchedulerDbContext db, TimeProvider clock, CancellationToken ct)
            => SetEnabledAsync(id, true, http, db, clock, ct));
        group.MapPost("/{id:guid}/disable", (Guid id, HttpContext http, SchedulerDbContext db, TimeProvider clock, CancellationToken ct)
            => SetEnabledAsync(id, false, http, db, clock, ct));
        group.MapPost("/{id:guid}/trigger", TriggerAsync);
        group.MapGet("/{id:guid}/runs", RunsAsync);
        return group;
    }

    private static async Task<IResult> CreateAsync(CronJobRequest request, HttpContext http, SchedulerDbContext db,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        ValidateName(request.Name, errors);
        ValidateDescription(request.Description, errors);
        var schedule = CronSchedule.TryParse(request.CronExpression, request.Timezone, out var cronErrors);
        foreach (var (key, value) in cronErrors)
            errors[key] = value;
        CronTaskTemplate.TryParse(request.TaskTemplate, errors);
        if (errors.Count > 0 || schedule is null)
            return TypedResults.ValidationProblem(errors);

        var now = clock.GetUtcNow();
        var enabled = request.Enabled ?? true;
        var job = new CronJob
        {
            Id = NewId.NextGuid(),
            TenantId = http.Caller().TenantId,
            Name = request.Name!.Trim(),
            Description = request.Description,
            CronExpression = request.CronExpression!.Trim(),
            TimeZone = schedule.Zone.Id,
            TaskTemplate = request.TaskTemplate!.Value.GetRawText(),
            Enabled = enabled,
            NextFireAt = enabled ? schedule.NextAfter(now) : null,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.CronJobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/v1/cronjobs/{job.Id}", CronJobResponse.From(job));
    }

    private static async Task<IResult> ListAsync(int? limit, int? offset, HttpContext http, SchedulerDbContext db,
        CancellationToken cancellationToken)
    {
        var take = limit ?? 20;
        var skip = offset ?? 0;
        var errors = new Dictionary<string, string[]>();
        if (take is < 1 or > 100)
            errors["limit"] = ["The limit must be between 1 and 100."];
        if (skip < 0)
            errors["offset"] = ["The offset must not be negative."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var tenant = http.Caller().TenantId;
        var query = db.CronJobs.AsNoTracking().Where(j => j.TenantId == tenant);
        var (jobs, total) = await db.CountAndPageAsync(query,
            all => all.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id).Skip(skip).Take(take), cancellationToken);
        return TypedResults.Ok(new CronJobListResponse(jobs.Select(CronJobResponse.From).ToList(), total, take, skip));
    }

    private static IResult Validate(ValidateCronRequest request, TimeProvider clock)
    {
        var schedule = CronSchedule.TryParse(request.CronExpression, request.Timezone, out var errors);
        if (schedule is null)
            return TypedResults.ValidationProblem(errors);
        var next = schedule.Upcoming(clock.GetUtcNow(), NextFireTimesCount);
        return TypedResults.Ok(new ValidateCronResponse(true, request.CronExpression!.Trim(), schedule.Zone.Id, next,
            next.Select(t => schedule.ToLocal(t).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)).ToList()));
    }

    private static async Task<IResult> GetAsync(Guid id, HttpContext http, SchedulerDbContext db, CancellationToken cancellationToken)
    {
        var tenant = http.Caller().TenantId;
        var job = await db.CronJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id && j.TenantId == tenant, cancellationToken);
        return job is null ? NotFound(id) : TypedResults.Ok(CronJobResponse.From(job));
    }

    private static async Task<IResult> UpdateAsync(Guid id, CronJobRequest request, HttpContext http, SchedulerDbContext db,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Name is not null)
            ValidateName(request.Name, errors);
        ValidateDescription(request.Description, errors);
        if (request.TaskTemplate is not null)
            CronTaskTemplate.TryParse(request.TaskTemplate, errors);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await LockAsync(id, http, db, cancellationToken) is not { } job)
            return NotFound(id);
        var schedule = CronSchedule.TryParse(request.CronExpression ?? job.CronExpression, request.Timezone ?? job.TimeZone, out var cronErrors);
        if (schedule is null)
            return TypedResults.ValidationProblem(cronErrors);

        var now = clock.GetUtcNow();
        var rescheduled = request.CronExpression is not null || request.Timezone is not null || (request.Enabled == true && !job.Enabled);
        if (request.Name is not null)
            job.Name = request.Name.Trim();
        if (request.Description is not null)
            job.Description = request.Description;
        if (request.TaskTemplate is { } template)
            job.TaskTemplate = template.GetRawText();
        job.CronExpression = (request.CronExpression ?? job.CronExpression).Trim();
        job.TimeZone = schedule.Zone.Id;
        job.Enabled = request.Enabled ?? job.Enabled;
        if (!job.Enabled)
            job.NextFireAt = null;
        else if (rescheduled || job.NextFireAt is null)
            job.NextFireAt = schedule.NextAfter(now);
        job.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(CronJobResponse.From(job));
    }

    private static async Task<IResult> DeleteAsync(Guid id, HttpContext http, SchedulerDbContext db, CancellationToken cancellationToken)
    {
        var tenant = http.Caller().TenantId;
        var deleted = await db.CronJobs.Where(j => j.Id == id && j.TenantId == tenant).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? NotFound(id) : TypedResults.NoContent();
    }

    private static async Task<IResult> SetEnabledAsync(Guid id, bool enabled, HttpContext http, SchedulerDbContext db,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await LockAsync(id, http, db, cancellationToken) is not { } job)
            return NotFound(id);
        var now = clock.GetUtcNow();
        if (job.Enabled != enabled)
        {
            job.Enabled = enabled;
            job.NextFireAt = enabled ? CronSchedule.TryParse(job.CronExpression, job.TimeZone, out _)?.NextAfter(now) : null;
            job.UpdatedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(CronJobResponse.From(job));
    }

    /// <summary>Run now: one task at once, with its own occurrence (the request time); the schedule is unchanged.</summary>
    private static async Task<IResult> TriggerAsync(Guid id, HttpContext http, SchedulerDbContext db, CronJobFiring firing,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await LockAsync(id, http, db, cancellationToken) is not { } job)
            return NotFound(id);
        var now = clock.GetUtcNow();
        // Microseconds, as PostgreSQL keeps them, so the stored occurrence and the idempotency key agree.
        var occurrence = new DateTimeOffset(now.UtcTicks - now.UtcTicks % 10, TimeSpan.Zero);
        var run = await firing.AddRunAsync(job, occurrence, CronRunTriggers.Manual, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Accepted($"/v1/cronjobs/{job.Id}/runs", CronRunResponse.From(run));
    }

    private static async Task<IResult> RunsAsync(Guid id, int? limit, HttpContext http, SchedulerDbContext db,
        CancellationToken cancellationToken)
    {
        var take = limit ?? 20;
        if (take is < 1 or > 100)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["The limit must be between 1 and 100."] });
        var tenant = http.Caller().TenantId;
        if (!await db.CronJobs.AnyAsync(j => j.Id == id && j.TenantId == tenant, cancellationToken))
            return NotFound(id);
        var query = db.CronJobRuns.AsNoTracking().Where(r => r.JobId == id);
        var (runs, total) = await db.CountAndPageAsync(query,
            all => all.OrderByDescending(r => r.FiredAt).ThenByDescending(r => r.Id).Take(take), cancellationToken);
        return TypedResults.Ok(new CronRunListResponse(runs.Select(CronRunResponse.From).ToList(), total));
    }

    /// <summary>The caller's job, locked for the rest of the transaction (the scheduler skips it meanwhile).</summary>
    private static async Task<CronJob?> LockAsync(Guid id, HttpContext http, SchedulerDbContext db, CancellationToken cancellationToken)
    {
        var tenant = http.Caller().TenantId;
        var jobs = await db.CronJobs
            .FromSql($"SELECT * FROM cron_jobs WHERE id = {id} AND tenant_id = {tenant} FOR UPDATE")
            .ToListAsync(cancellationToken);
        return jobs.SingleOrDefault();
    }

    private static void ValidateName(string? name, Dictionary<string, string[]> errors)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            errors["name"] = ["A name is required."];
        else if (trimmed.Length > 200)
            errors["name"] = ["The name must be at most 200 characters."];
    }

    private static void ValidateDescription(string? description, Dictionary<string, string[]> errors)
    {
        if (description is { Length: > 4000 })
            errors["description"] = ["The description must be at most 4000 characters."];
    }

    private static IResult NotFound(Guid id) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "Cron job not found", detail: $"There is no cron job {id} for this account.");
}
