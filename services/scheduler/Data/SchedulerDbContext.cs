using CodeTether.Scheduler.ScheduledMessages;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Scheduler.Data;

public class SchedulerDbContext(DbContextOptions<SchedulerDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        new ScheduledMessageMap().Configure(modelBuilder);
    }
}
