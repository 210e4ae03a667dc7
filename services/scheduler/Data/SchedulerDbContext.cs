using Microsoft.EntityFrameworkCore;

namespace CodeTether.Scheduler.Data;

public class SchedulerDbContext(DbContextOptions<SchedulerDbContext> options) : DbContext(options)
{
}
