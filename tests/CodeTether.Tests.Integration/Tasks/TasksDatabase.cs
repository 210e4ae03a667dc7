using CodeTether.Tasks.Data;
using CodeTether.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Tests.Integration.Tasks;

public static class TasksDatabase
{
    /// <summary>The tasks service's DbContext on <paramref name="database"/>, migrated as the service migrates it.</summary>
    public static async Task<TasksDbContext> OpenMigratedAsync(IsolatedDatabase database)
    {
        var db = new TasksDbContext(new DbContextOptionsBuilder<TasksDbContext>()
            .UseNpgsql(database.ConnectionString).UseSnakeCaseNamingConvention().Options);
        await db.Database.MigrateAsync();
        return db;
    }
}
