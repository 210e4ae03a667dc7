using Microsoft.EntityFrameworkCore;

namespace CodeTether.Scheduler.ScheduledMessages;

/// <summary>The tables of scheduled messages; <c>SchedulerDbContext.OnModelCreating</c> calls <see cref="Configure"/>.</summary>
public class ScheduledMessageMap
{
    public const string MessagesTable = "scheduled_messages";
    public const string CancellationsTable = "scheduled_message_cancellations";

    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ScheduledMessage>(e =>
        {
            e.ToTable(MessagesTable);
            e.HasKey(x => x.TokenId);
            e.Property(x => x.DestinationAddress).HasMaxLength(1024);
            e.Property(x => x.MessageType).HasMaxLength(2048);
            e.Property(x => x.ContentType).HasMaxLength(256);
            e.Property(x => x.SourceAddress).HasMaxLength(1024);
            e.Property(x => x.ResponseAddress).HasMaxLength(1024);
            e.Property(x => x.FaultAddress).HasMaxLength(1024);
            e.HasIndex(x => x.ScheduledTime);
        });
        modelBuilder.Entity<ScheduledMessageCancellation>(e =>
        {
            e.ToTable(CancellationsTable);
            e.HasKey(x => x.TokenId);
            e.HasIndex(x => x.CreatedAt);
        });
    }
}
