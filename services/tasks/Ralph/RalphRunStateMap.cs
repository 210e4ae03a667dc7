using System.Text.Json;
using CodeTether.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CodeTether.Tasks.Ralph;

public class RalphRunStateMap : SagaClassMap<RalphRunState>
{
    protected override void Configure(EntityTypeBuilder<RalphRunState> entity, ModelBuilder model)
    {
        entity.ToTable("ralph_runs");
        entity.Property(s => s.CurrentState).HasMaxLength(64);
        entity.Property(s => s.Project).HasMaxLength(200);
        entity.Property(s => s.BranchName).HasMaxLength(200);
        entity.Property(s => s.CodebaseId).HasMaxLength(200);
        entity.Property(s => s.AgentName).HasMaxLength(64);
        entity.Property(s => s.Model).HasMaxLength(200);
        entity.Property(s => s.RunMode).HasMaxLength(16);
        entity.HasIndex(s => new { s.TenantId, s.CreatedAt });
        // The stories change together with the run, as one document.
        entity.Property(s => s.Stories)
            .HasColumnType("jsonb")
            .HasConversion(
                stories => JsonSerializer.Serialize(stories, JsonSerializerOptions.Web),
                json => JsonSerializer.Deserialize<List<RalphStoryProgress>>(json, JsonSerializerOptions.Web) ?? new List<RalphStoryProgress>(),
                new ValueComparer<List<RalphStoryProgress>>(
                    (a, b) => JsonSerializer.Serialize(a, JsonSerializerOptions.Web) == JsonSerializer.Serialize(b, JsonSerializerOptions.Web),
                    stories => JsonSerializer.Serialize(stories, JsonSerializerOptions.Web).GetHashCode(),
                    stories => JsonSerializer.Deserialize<List<RalphStoryProgress>>(JsonSerializer.Serialize(stories, JsonSerializerOptions.Web), JsonSerializerOptions.Web)!));
    }
}
