using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CodeTether.ServiceDefaults.Persistence;

/// <summary>
/// Maps a saga state class: the correlation id is the key and <see cref="ISagaVersion.Version"/> the concurrency token
/// that the repository's optimistic concurrency relies on. Derive from it to map the rest (table name, columns), and call
/// <c>new MyStateMap().Configure(modelBuilder)</c> from the DbContext's OnModelCreating.
/// </summary>
public class SagaClassMap<TSaga>
    where TSaga : class, ISagaVersion
{
    public void Configure(ModelBuilder modelBuilder)
    {
        var entity = modelBuilder.Entity<TSaga>();
        entity.HasKey(x => x.CorrelationId);
        entity.Property(x => x.CorrelationId).ValueGeneratedNever();
        entity.Property(x => x.Version).IsConcurrencyToken();
        Configure(entity, modelBuilder);
    }

    protected virtual void Configure(EntityTypeBuilder<TSaga> entity, ModelBuilder model)
    {
    }
}
