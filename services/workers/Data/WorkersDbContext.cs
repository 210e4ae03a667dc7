using CodeTether.Workers.Registry;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Workers.Data;

public class WorkersDbContext(DbContextOptions<WorkersDbContext> options) : DbContext(options)
{
    public DbSet<WorkerRun> Runs => Set<WorkerRun>();
    public DbSet<RegisteredAgent> Agents => Set<RegisteredAgent>();
    public DbSet<AgentWorker> Workers => Set<AgentWorker>();
    public DbSet<Codebase> Codebases => Set<Codebase>();

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
        modelBuilder.Entity<RegisteredAgent>(agent =>
        {
            agent.ToTable("agents");
            agent.HasKey(a => a.Name);
            agent.Property(a => a.Name).HasMaxLength(64);
            agent.Property(a => a.Url).HasMaxLength(2048);
        });
        modelBuilder.Entity<AgentWorker>(worker =>
        {
            worker.ToTable("agent_workers");
            worker.HasKey(w => w.WorkerId);
            worker.Property(w => w.WorkerId).HasMaxLength(200);
            worker.Property(w => w.AgentName).HasMaxLength(64);
            worker.HasIndex(w => new { w.AgentName, w.LastSeenAt });
        });
        modelBuilder.Entity<Codebase>(codebase =>
        {
            codebase.ToTable("codebases");
            codebase.HasKey(c => c.Id);
            codebase.Property(c => c.Id).HasMaxLength(64);
            codebase.Property(c => c.AgentName).HasMaxLength(64);
            codebase.Property(c => c.Name).HasMaxLength(200);
            codebase.Property(c => c.Path).HasMaxLength(1024);
            codebase.HasIndex(c => c.AgentName);
            codebase.HasIndex(c => new { c.Name, c.Id });
        });
    }
}
