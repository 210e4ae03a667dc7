using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CodeTether.ServiceDefaults;

public static class Database
{
    /// <summary>
    /// The service's own PostgreSQL database from <c>ConnectionStrings:Postgres</c>, migrated at start-up before the bus starts
    /// (call this before <see cref="Messaging.AddMessaging"/>), and checked by <c>/health/ready</c>.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TDbContext>(this IHostApplicationBuilder builder)
        where TDbContext : DbContext
    {
        var connectionString = builder.Configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not configured.");
        builder.Services.AddDbContext<TDbContext>(o => o.UseNpgsql(connectionString).UseSnakeCaseNamingConvention());
        builder.Services.AddHealthChecks().AddDbContextCheck<TDbContext>(tags: [HostingExtensions.ReadyTag]);
        builder.Services.AddHostedService<DatabaseMigrator<TDbContext>>();
        return builder;
    }
}

internal sealed class DatabaseMigrator<TDbContext>(IServiceProvider services, ILogger<DatabaseMigrator<TDbContext>> logger) : IHostedService
    where TDbContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        logger.LogInformation("Database {Database} is up to date", db.Database.GetDbConnection().Database);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
