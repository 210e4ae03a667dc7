using CodeTether.Tasks.Codebases;
using CodeTether.Tasks.Conversations;
using CodeTether.Tasks.Dispatch;
using CodeTether.Tasks.Idempotency;
using CodeTether.Tasks.Journal;
using CodeTether.Tasks.Lifecycle;
using CodeTether.Tasks.Ralph;
using CodeTether.Tasks.Spending;
using CodeTether.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Tasks.Data;

public class TasksDbContext(DbContextOptions<TasksDbContext> options) : DbContext(options)
{
    public DbSet<AgentTask> Tasks => Set<AgentTask>();
    public DbSet<TaskLifecycleState> Lifecycles => Set<TaskLifecycleState>();
    public DbSet<SpendingBlock> SpendingBlocks => Set<SpendingBlock>();
    public DbSet<DispatchSlot> DispatchSlots => Set<DispatchSlot>();
    public DbSet<TenantPlan> TenantPlans => Set<TenantPlan>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<JournalMessage> JournalMessages => Set<JournalMessage>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<ConversationEntry> ConversationEntries => Set<ConversationEntry>();
    public DbSet<KnownCodebase> Codebases => Set<KnownCodebase>();
    public DbSet<RalphRunState> RalphRuns => Set<RalphRunState>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AgentTask>(task =>
        {
            task.ToTable("tasks");
            task.HasKey(t => t.Id);
            task.Property(t => t.Title).HasMaxLength(200);
            task.Property(t => t.AgentType).HasMaxLength(32);
            task.Property(t => t.Model).HasMaxLength(200);
            task.Property(t => t.CodebaseId).HasMaxLength(200);
            task.Property(t => t.AgentName).HasMaxLength(64);
            task.Property(t => t.WebhookUrl).HasMaxLength(2048);
            task.Property(t => t.NotifyEmail).HasMaxLength(254);
            task.Ignore(t => t.Prompt);
            task.Property(t => t.IdempotencyKey).HasMaxLength(200);
            task.Property(t => t.ConversationId).HasMaxLength(ConversationLog.MaxIdLength);
            task.Property(t => t.TraceParent).HasMaxLength(55);
            task.HasIndex(t => new { t.TenantId, t.CreatedAt });
            task.HasIndex(t => new { t.TenantId, t.IdempotencyKey }).IsUnique();
            task.HasOne(t => t.Lifecycle).WithOne().HasForeignKey<TaskLifecycleState>(l => l.CorrelationId);
        });

        modelBuilder.Entity<IdempotencyRecord>(record =>
        {
            record.ToTable("idempotency_keys");
            record.HasKey(r => new { r.TenantId, r.Key });
            record.Property(r => r.Key).HasMaxLength(IdempotentTaskCreation.MaxKeyLength);
            record.Property(r => r.RequestHash).HasMaxLength(64);
            record.Property(r => r.Location).HasMaxLength(200);
            record.HasIndex(r => r.ExpiresAt);
        });

        modelBuilder.Entity<SpendingBlock>(block =>
        {
            block.ToTable("spending_blocks");
            block.HasKey(b => b.TenantId);
            block.Property(b => b.Month).HasMaxLength(7);
            block.Property(b => b.SpendingLimit).HasPrecision(20, 10);
            block.Property(b => b.TotalCost).HasPrecision(20, 10);
        });
        modelBuilder.Entity<DispatchSlot>(slot =>
        {
            slot.ToTable("dispatch_slots");
            slot.HasKey(s => s.TaskId);
            slot.HasIndex(s => new { s.TenantId, s.DispatchedAt, s.Priority, s.QueuedAt });
            slot.Property(s => s.ConversationId).HasMaxLength(ConversationLog.MaxIdLength);
            slot.HasIndex(s => new { s.TenantId, s.ConversationId });
        });
        modelBuilder.Entity<TenantPlan>(plan =>
        {
            plan.ToTable("tenant_plans");
            plan.HasKey(p => p.TenantId);
            plan.Property(p => p.Plan).HasMaxLength(32);
        });
        modelBuilder.Entity<JournalMessage>(message =>
        {
            message.ToTable("journal_messages");
            message.HasKey(m => m.Offset);
            message.Property(m => m.Offset).ValueGeneratedNever();
            message.Property(m => m.MessageType).HasMaxLength(500);
            message.Property(m => m.Service).HasMaxLength(100);
            message.Property(m => m.Entry).HasColumnType("jsonb");
            message.HasIndex(m => new { m.TaskId, m.SentTime });
            message.HasIndex(m => m.SentTime);
            message.HasIndex(m => m.MessageType);
        });
        modelBuilder.Entity<Conversation>(conversation =>
        {
            conversation.ToTable("conversations");
            conversation.HasKey(c => new { c.TenantId, c.Id });
            conversation.Property(c => c.Id).HasMaxLength(ConversationLog.MaxIdLength);
        });
        modelBuilder.Entity<ConversationEntry>(entry =>
        {
            entry.ToTable("conversation_messages");
            entry.HasKey(m => new { m.TenantId, m.ConversationId, m.Position });
            entry.Property(m => m.ConversationId).HasMaxLength(ConversationLog.MaxIdLength);
            entry.Property(m => m.Role).HasMaxLength(16);
            entry.HasIndex(m => m.TaskId);
            entry.HasOne<Conversation>().WithMany().HasForeignKey(m => new { m.TenantId, m.ConversationId });
        });
        modelBuilder.Entity<KnownCodebase>(codebase =>
        {
            codebase.ToTable("codebases");
            codebase.HasKey(c => c.Id);
            codebase.Property(c => c.Id).HasMaxLength(64);
            codebase.Property(c => c.AgentName).HasMaxLength(64);
            codebase.Property(c => c.Name).HasMaxLength(200);
        });
        new TaskLifecycleStateMap().Configure(modelBuilder);
        new RalphRunStateMap().Configure(modelBuilder);
        modelBuilder.AddInboxStateEntity();
        modelBuilder.AddOutboxMessageEntity();
        modelBuilder.AddOutboxStateEntity();
    }
}
