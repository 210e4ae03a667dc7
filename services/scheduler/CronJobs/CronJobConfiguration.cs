using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CodeTether.Scheduler.CronJobs;

public sealed class CronJobConfiguration : IEntityTypeConfiguration<CronJob>
{
    public void Configure(EntityTypeBuilder<CronJob> job)
    {
        job.ToTable("cron_jobs");
        job.HasKey(j => j.Id);
        job.Property(j => j.Name).HasMaxLength(200);
        job.Property(j => j.CronExpression).HasMaxLength(200);
        job.Property(j => j.TimeZone).HasMaxLength(100);
        job.Property(j => j.TaskTemplate).HasColumnType("jsonb");
        job.Property(j => j.LastRunStatus).HasMaxLength(16);
        job.HasIndex(j => new { j.TenantId, j.CreatedAt });
        job.HasIndex(j => j.NextFireAt).HasFilter("enabled");
    }
}

public sealed class CronJobRunConfiguration : IEntityTypeConfiguration<CronJobRun>
{
    public void Configure(EntityTypeBuilder<CronJobRun> run)
    {
        run.ToTable("cron_job_runs");
        run.HasKey(r => r.Id);
        run.Property(r => r.Trigger).HasMaxLength(16);
        run.Property(r => r.Status).HasMaxLength(16);
        run.HasIndex(r => new { r.JobId, r.Occurrence }).IsUnique();
        run.HasIndex(r => r.TaskId).IsUnique();
        run.HasOne<CronJob>().WithMany().HasForeignKey(r => r.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}
