using Microsoft.EntityFrameworkCore;

namespace CodeTether.Workers.Data;

public class WorkersDbContext(DbContextOptions<WorkersDbContext> options) : DbContext(options)
{
    public DbSet<WorkerRun> Runs => Set<WorkerRun>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WorkerRun>(run =>
        {
            run.ToTable("runs");
            run.HasKey(r => new { r.RunId, r.Turn });
            run.Property(r => r.Outcome).HasMaxLength(16);
            run.Property(r => r.WorkerId).HasMaxLength(200);
            run.HasIndex(r => r.TaskId);
        });
    }
}
