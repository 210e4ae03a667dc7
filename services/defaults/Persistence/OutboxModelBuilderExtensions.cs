using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CodeTether.ServiceDefaults.Persistence;

/// <summary>
/// The inbox and outbox tables, added to a service's own DbContext so that they share its transactions and migrations.
/// Tables and columns are snake_case (<c>inbox_state.message_id</c>), like the rest of our PostgreSQL schemas;
/// the callback may change the mapping, the SQL written by this library follows it.
/// </summary>
public static class OutboxModelBuilderExtensions
{
    public static void AddInboxStateEntity(this ModelBuilder modelBuilder, Action<EntityTypeBuilder<InboxState>>? callback = null)
    {
        var inbox = modelBuilder.Entity<InboxState>();
        inbox.ToTable("inbox_state");
        inbox.HasKey(x => new { x.MessageId, x.ConsumerId });
        inbox.HasIndex(x => x.Delivered);
        UseSnakeCaseColumns(inbox);
        callback?.Invoke(inbox);
    }

    public static void AddOutboxMessageEntity(this ModelBuilder modelBuilder, Action<EntityTypeBuilder<OutboxMessage>>? callback = null)
    {
        var message = modelBuilder.Entity<OutboxMessage>();
        message.ToTable("outbox_message");
        message.HasKey(x => x.SequenceNumber);
        message.HasIndex(x => new { x.InboxMessageId, x.InboxConsumerId, x.SequenceNumber }).IsUnique().HasDatabaseName("IX_outbox_message_inbox");
        message.HasIndex(x => new { x.OutboxId, x.SequenceNumber }).IsUnique().HasDatabaseName("IX_outbox_message_outbox");
        UseSnakeCaseColumns(message);
        callback?.Invoke(message);
    }

    public static void AddOutboxStateEntity(this ModelBuilder modelBuilder, Action<EntityTypeBuilder<OutboxState>>? callback = null)
    {
        var outbox = modelBuilder.Entity<OutboxState>();
        outbox.ToTable("outbox_state");
        outbox.HasKey(x => x.OutboxId);
        outbox.HasIndex(x => x.Created);
        UseSnakeCaseColumns(outbox);
        callback?.Invoke(outbox);
    }

    static void UseSnakeCaseColumns<T>(EntityTypeBuilder<T> entity)
        where T : class
    {
        foreach (var property in entity.Metadata.GetProperties())
            property.SetColumnName(JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name));
    }
}
