using CodeTether.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Billing.Data;

public class BillingDbContext(DbContextOptions<BillingDbContext> options) : DbContext(options)
{
    public DbSet<UsageRecord> Usage => Set<UsageRecord>();
    public DbSet<TenantSpending> Spending => Set<TenantSpending>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UsageRecord>(usage =>
        {
            usage.ToTable("usage_records");
            usage.HasKey(u => u.UsageId);
            usage.Property(u => u.Model).HasMaxLength(200);
            usage.Property(u => u.Month).HasMaxLength(7);
            usage.Property(u => u.Cost).HasPrecision(20, 10);
            usage.HasIndex(u => new { u.TenantId, u.Month });
        });
        modelBuilder.Entity<TenantSpending>(spending =>
        {
            spending.ToTable("tenant_spending");
            spending.HasKey(s => s.TenantId);
            spending.Property(s => s.SpendingLimit).HasPrecision(20, 10);
            spending.Property(s => s.LimitReachedMonth).HasMaxLength(7);
            spending.Property(s => s.CostMonth).HasMaxLength(7);
            spending.Property(s => s.MonthCost).HasPrecision(20, 10);
        });
        modelBuilder.AddInboxStateEntity();
        modelBuilder.AddOutboxMessageEntity();
        modelBuilder.AddOutboxStateEntity();
    }
}
