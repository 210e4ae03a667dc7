using Microsoft.EntityFrameworkCore;

namespace CodeTether.Tasks.Data;

public class TasksDbContext(DbContextOptions<TasksDbContext> options) : DbContext(options)
{
}
