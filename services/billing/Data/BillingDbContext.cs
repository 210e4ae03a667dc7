using Microsoft.EntityFrameworkCore;

namespace CodeTether.Billing.Data;

public class BillingDbContext(DbContextOptions<BillingDbContext> options) : DbContext(options)
{
}
