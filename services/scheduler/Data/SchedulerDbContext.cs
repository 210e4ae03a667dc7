using CodeTether.Scheduler.CronJobs;
using CodeTether.Scheduler.ScheduledMessages;
using CodeTether.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Scheduler.Data;

public class SchedulerDbContext(DbContextOptions<SchedulerDbContext> options) : DbContext(options)
{
    public DbSet<CronJob> CronJobs => Set<CronJob>();
    public DbSet<CronJobRun> CronJobRuns => Set<CronJobRun>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new CronJobConfiguration());
        modelBuilder.ApplyConfiguration(new CronJobRunConfiguration());
        new ScheduledMessageMap().Configure(modelBuilder);
        modelBuilder.AddInboxStateEntity();
        modelBuilder.AddOutboxMessageEntity();
        modelBuilder.AddOutboxStateEntity();
    }
}
