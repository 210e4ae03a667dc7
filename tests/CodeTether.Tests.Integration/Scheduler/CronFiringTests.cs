using System.Text.Json;
using CodeTether.Contracts.Tasks;
using CodeTether.Scheduler.CronJobs;
using CodeTether.Scheduler.Data;
using CodeTether.ServiceDefaults;
using CodeTether.ServiceDefaults.Persistence;
using CodeTether.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CodeTether.Tests.Integration.Scheduler;

/// <summary>
/// The cron firing transaction against a real PostgreSQL database, with a fake clock: scheduler instances that race
/// (each its own host, DbContext and outbox), a crash between claiming and committing, and a scheduler that was down.
/// The hosts are not started, so what would be sent stays in the outbox table where the test can read it.
/// </summary>
public sealed class CronFiringTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-23T09:00:00Z");
    private IsolatedDatabase database = null!;
    private readonly List<IHost> hosts = [];

    public async Task InitializeAsync()
    {
        database = await TestInfrastructure.CreateDatabaseAsync("cron_firing");
        await using var scope = Instance().Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SchedulerDbContext>().Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var host in hosts)
            host.Dispose();
        await database.DisposeAsync();
    }

    /// <summary>A scheduler instance: its own service provider, DbContext pool and bus outbox, on the shared database.</summary>
    private IHost Instance()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDbContext<SchedulerDbContext>(o => o.UseNpgsql(database.ConnectionString).UseSnakeCaseNamingConvention());
        builder.Services.AddScoped<CronJobFiring>();
        builder.Services.AddMassTransit(x =>
        {
            x.AddTransactionalOutbox<SchedulerDbContext>();
            x.UsingRabbitMq((_, cfg) => cfg.Host(TestInfrastructure.RabbitMq));
        });
        var host = builder.Build();
        hosts.Add(host);
        return host;
    }

    private async Task<Guid> CreateJobAsync(IHost host, string expression, DateTimeOffset now, string? timeZone = null)
    {
        var schedule = CronSchedule.TryParse(expression, timeZone, out _)!;
        var job = new CronJob
        {
            Id = NewId.NextGuid(),
            TenantId = Guid.NewGuid(),
            Name = $"job {expression}",
            CronExpression = expression,
            TimeZone = schedule.Zone.Id,
            TaskTemplate = JsonSerializer.Serialize("Say hello\nin three languages"),
            Enabled = true,
            NextFireAt = schedule.NextAfter(now),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulerDbContext>();
        db.CronJobs.Add(job);
        await db.SaveChangesAsync();
        return job.Id;
    }

    private static async Task<int> FireAsync(IHost host, DateTimeOffset now)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CronJobFiring>().FireDueAsync(now);
    }

    private async Task<List<CronJobRun>> RunsAsync()
    {
        await using var scope = hosts[0].Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SchedulerDbContext>().CronJobRuns.AsNoTracking().ToListAsync();
    }

    /// <summary>The SubmitTask commands waiting in the outbox: (task id, idempotency key).</summary>
    private async Task<List<(Guid TaskId, string Key)>> OutboxAsync()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT body, destination_address FROM outbox_message", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var result = new List<(Guid, string)>();
        while (await reader.ReadAsync())
        {
            Assert.Contains($"/{SubmitTask.QueueName}", reader.GetString(1));
            var message = JsonDocument.Parse(reader.GetString(0)).RootElement.GetProperty("message");
            result.Add((message.GetProperty("taskId").GetGuid(), message.GetProperty("idempotencyKey").GetString()!));
        }
        return result;
    }

    [Fact]
    public async Task Two_instances_firing_at_once_create_one_run_and_one_SubmitTask_per_occurrence()
    {
        var a = Instance();
        var b = Instance();
        var jobs = new List<Guid>();
        for (var i = 0; i < 20; i++)
            jobs.Add(await CreateJobAsync(a, "* * * * * *", Start));   // every second

        const int seconds = 10;
        var fired = 0;
        for (var s = 1; s <= seconds; s++)
        {
            var now = Start.AddSeconds(s);
            // Both instances, several times each, all at the same moment.
            var counts = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => FireAsync(i % 2 == 0 ? a : b, now))));
            fired += counts.Sum();
        }

        var runs = await RunsAsync();
        Assert.Equal(jobs.Count * seconds, runs.Count);
        Assert.Equal(runs.Count, fired);
        foreach (var job in jobs)
            Assert.Equal(Enumerable.Range(1, seconds).Select(s => Start.AddSeconds(s)),
                runs.Where(r => r.JobId == job).Select(r => r.Occurrence).Order());
        var outbox = await OutboxAsync();
        Assert.Equal(runs.Select(r => r.TaskId).Order(), outbox.Select(m => m.TaskId).Order());
        Assert.Equal(outbox.Count, outbox.Select(m => m.Key).Distinct().Count());
        var first = runs.First();
        Assert.Contains(outbox, m => m.TaskId == first.TaskId && m.Key == CronJobFiring.IdempotencyKey(first.JobId, first.Occurrence));
    }

    [Fact]
    public async Task A_crash_between_claiming_and_committing_neither_loses_nor_duplicates_the_occurrence()
    {
        var a = Instance();
        var b = Instance();
        var job = await CreateJobAsync(a, "0 * * * *", Start);   // hourly, next 10:00
        var now = Start.AddHours(1);

        await using (var scope = a.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchedulerDbContext>();
            var transaction = await db.Database.BeginTransactionAsync();
            // Instance A claims the job, writes the run and the outbox row, and dies before committing.
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<CronJobFiring>().ClaimAndFireAsync(now, default));
            // Meanwhile instance B skips the locked job rather than firing it a second time.
            Assert.Equal(0, await FireAsync(b, now));
            await db.Database.GetDbConnection().CloseAsync();   // the crash: the connection goes, PostgreSQL rolls back
            await transaction.DisposeAsync();
        }

        Assert.Empty(await RunsAsync());
        Assert.Empty(await OutboxAsync());

        // The occurrence is still due: the next pass fires it, once.
        Assert.Equal(1, await FireAsync(b, now));
        Assert.Equal(0, await FireAsync(a, now));
        var run = Assert.Single(await RunsAsync());
        Assert.Equal((job, Start.AddHours(1)), (run.JobId, run.Occurrence));
        Assert.Equal(run.TaskId, Assert.Single(await OutboxAsync()).TaskId);
    }

    [Fact]
    public async Task The_database_refuses_a_second_run_for_one_occurrence()
    {
        var host = Instance();
        var job = await CreateJobAsync(host, "0 * * * *", Start);
        Assert.Equal(1, await FireAsync(host, Start.AddHours(1)));
        var run = Assert.Single(await RunsAsync());

        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulerDbContext>();
        db.CronJobRuns.Add(new CronJobRun
        {
            Id = NewId.NextGuid(), JobId = job, TenantId = run.TenantId, Occurrence = run.Occurrence, Trigger = CronRunTriggers.Schedule,
            TaskId = NewId.NextGuid(), Status = CronRunStatuses.Submitted, FiredAt = Start,
        });
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.Equal(PostgresErrorCodes.UniqueViolation, Assert.IsType<PostgresException>(error.InnerException).SqlState);
    }

    [Fact]
    public async Task Occurrences_missed_while_the_scheduler_was_down_fire_once_when_it_returns()
    {
        var host = Instance();
        var job = await CreateJobAsync(host, "0 * * * *", Start);   // next 10:00

        // Down from 09:00 to 12:34: 10:00, 11:00 and 12:00 were missed.
        var back = Start.AddHours(3).AddMinutes(34);
        Assert.Equal(1, await FireAsync(host, back));
        Assert.Equal(0, await FireAsync(host, back.AddSeconds(30)));

        var run = Assert.Single(await RunsAsync());
        Assert.Equal(Start.AddHours(1), run.Occurrence);
        await using var scope = host.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<SchedulerDbContext>().CronJobs.SingleAsync(j => j.Id == job);
        Assert.Equal(Start.AddHours(4), stored.NextFireAt);
        Assert.Equal((run.Id, run.TaskId, CronRunStatuses.Submitted), (stored.LastRunId, stored.LastRunTaskId, stored.LastRunStatus));

        Assert.Equal(1, await FireAsync(host, Start.AddHours(4)));
        Assert.Equal(2, (await RunsAsync()).Count);
    }

    [Fact]
    public async Task A_disabled_job_does_not_fire()
    {
        var host = Instance();
        var job = await CreateJobAsync(host, "0 * * * *", Start);
        await using (var scope = host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<SchedulerDbContext>().CronJobs.Where(j => j.Id == job)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Enabled, false));

        Assert.Equal(0, await FireAsync(host, Start.AddHours(2)));
        Assert.Empty(await RunsAsync());
    }
}
