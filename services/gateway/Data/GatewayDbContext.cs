using System.Text.Json;
using CodeTether.Gateway.Tenants;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Gateway.Data;

public class GatewayDbContext(DbContextOptions<GatewayDbContext> options) : DbContext(options)
{
    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Tenant>(tenant =>
        {
            tenant.ToTable("tenants", t => t.HasCheckConstraint("ck_tenants_plan", $"plan IN ({string.Join(", ", Plans.Names.Select(n => $"'{n}'"))})"));
            tenant.Property(t => t.Name).HasMaxLength(200);
            tenant.Property(t => t.Plan).HasMaxLength(20).HasConversion(p => Plans.Name(p), name => Plans.Parse(name));
        });

        modelBuilder.Entity<ApiKey>(key =>
        {
            key.ToTable("api_keys");
            key.HasOne(k => k.Tenant).WithMany().HasForeignKey(k => k.TenantId);
            key.HasIndex(k => k.Hash).IsUnique();
            key.HasIndex(k => k.TenantId);
            key.Property(k => k.Name).HasMaxLength(100);
            key.Property(k => k.Prefix).HasMaxLength(20);
        });

        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
            property.SetColumnName(JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name));
    }
}
