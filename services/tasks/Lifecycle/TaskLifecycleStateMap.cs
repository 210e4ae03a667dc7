using System.Text.Json;
using CodeTether.Contracts.Tasks;
using CodeTether.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CodeTether.Tasks.Lifecycle;

public class TaskLifecycleStateMap : SagaClassMap<TaskLifecycleState>
{
    protected override void Configure(EntityTypeBuilder<TaskLifecycleState> entity, ModelBuilder model)
    {
        entity.ToTable("task_lifecycle");
        entity.Property(s => s.CurrentState).HasMaxLength(64);
        entity.Property(s => s.Exchanges)
            .HasColumnType("jsonb")
            .HasConversion(
                exchanges => JsonSerializer.Serialize(exchanges, JsonSerializerOptions.Web),
                json => JsonSerializer.Deserialize<List<TaskExchange>>(json, JsonSerializerOptions.Web) ?? new List<TaskExchange>(),
                new ValueComparer<List<TaskExchange>>(
                    (a, b) => a!.SequenceEqual(b!),
                    exchanges => exchanges.Aggregate(0, (hash, e) => HashCode.Combine(hash, e)),
                    exchanges => exchanges.ToList()));
    }
}
