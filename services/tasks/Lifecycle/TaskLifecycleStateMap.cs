using CodeTether.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CodeTether.Tasks.Lifecycle;

public class TaskLifecycleStateMap : SagaClassMap<TaskLifecycleState>
{
    protected override void Configure(EntityTypeBuilder<TaskLifecycleState> entity, ModelBuilder model)
    {
        entity.ToTable("task_lifecycle");
        entity.Property(s => s.CurrentState).HasMaxLength(64);
    }
}
