using CodeTether.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Webhooks.Data;

public class WebhooksDbContext(DbContextOptions<WebhooksDbContext> options) : DbContext(options)
{
    public DbSet<TaskTarget> Tasks => Set<TaskTarget>();
    public DbSet<HandledEvent> HandledEvents => Set<HandledEvent>();
    public DbSet<SigningSecret> Secrets => Set<SigningSecret>();
    public DbSet<Subscription> Subscriptions => Set<Subscription>();
    public DbSet<Delivery> Deliveries => Set<Delivery>();
    public DbSet<DeliveryAttempt> Attempts => Set<DeliveryAttempt>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TaskTarget>(task =>
        {
            task.ToTable("task_targets");
            task.HasKey(t => t.TaskId);
            task.Property(t => t.Title).HasMaxLength(500);
            task.Property(t => t.AgentType).HasMaxLength(100);
            task.Property(t => t.Model).HasMaxLength(200);
            task.Property(t => t.CodebaseId).HasMaxLength(200);
            task.Property(t => t.WebhookUrl).HasMaxLength(2048);
            task.Property(t => t.NotifyEmail).HasMaxLength(320);
        });
        modelBuilder.Entity<HandledEvent>(handled =>
        {
            handled.ToTable("handled_events");
            handled.HasKey(h => h.EventKey);
            handled.Property(h => h.EventKey).HasMaxLength(200);
        });
        modelBuilder.Entity<SigningSecret>(secret =>
        {
            secret.ToTable("signing_secrets");
            secret.HasKey(s => s.TenantId);
            secret.Property(s => s.Secret).HasMaxLength(200);
            secret.Property(s => s.PreviousSecret).HasMaxLength(200);
        });
        modelBuilder.Entity<Subscription>(subscription =>
        {
            subscription.ToTable("subscriptions");
            subscription.HasKey(s => s.Id);
            subscription.Property(s => s.TargetUrl).HasMaxLength(2048);
            subscription.Property(s => s.Event).HasMaxLength(50);
            subscription.HasIndex(s => new { s.TenantId, s.Event });
        });
        modelBuilder.Entity<Delivery>(delivery =>
        {
            delivery.ToTable("deliveries");
            delivery.HasKey(d => d.Id);
            delivery.Property(d => d.Event).HasMaxLength(50);
            delivery.Property(d => d.EventKey).HasMaxLength(200);
            delivery.Property(d => d.Url).HasMaxLength(2048);
            delivery.Property(d => d.Status).HasMaxLength(20);
            delivery.Ignore(d => d.WebhookId);
            delivery.HasIndex(d => new { d.TenantId, d.CreatedAt });
            delivery.HasIndex(d => d.TaskId);
            delivery.HasMany(d => d.Attempts).WithOne().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<DeliveryAttempt>(attempt =>
        {
            attempt.ToTable("delivery_attempts");
            attempt.HasKey(a => new { a.DeliveryId, a.Number });
            attempt.Property(a => a.Error).HasMaxLength(1000);
            attempt.Property(a => a.ResponseStart).HasMaxLength(1000);
        });
        modelBuilder.AddInboxStateEntity();
        modelBuilder.AddOutboxMessageEntity();
        modelBuilder.AddOutboxStateEntity();
    }
}
