using Microsoft.EntityFrameworkCore;

namespace CodeTether.Workers.Data;

public class WorkersDbContext(DbContextOptions<WorkersDbContext> options) : DbContext(options)
{
}
