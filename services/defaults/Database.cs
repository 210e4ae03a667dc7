using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

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
        builder.Services.AddDbContext<TDbContext>(o => o
            .UseNpgsql(connectionString, npgsql => npgsql.ConfigureDataSource(dataSource => dataSource.ConfigureTracing(TraceOnlyWithinATrace)))
            .UseSnakeCaseNamingConvention());
        builder.Services.AddHealthChecks().AddDbContextCheck<TDbContext>(tags: [HostingExtensions.ReadyTag]);
        builder.Services.AddHostedService<DatabaseMigrator<TDbContext>>();
        return builder;
    }

    /// <summary>
    /// Commands traced only as part of a request or a message: background polling (outbox delivery, the scheduler, cleanups,
    /// the journal indexer) would otherwise start a new trace for every query, every second.
    /// </summary>
    private static void TraceOnlyWithinATrace(NpgsqlTracingOptionsBuilder tracing) => tracing
        .ConfigureCommandFilter(_ => Activity.Current is not null)
        .ConfigureBatchFilter(_ => Activity.Current is not null);
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
