using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodeTether.ServiceDefaults.Persistence;

/// <summary>Removes inbox rows once a redelivery of their message is no longer expected (the duplicate-detection window).</summary>
public sealed class InboxCleanupService<TDbContext>(IServiceScopeFactory scopeFactory, IOptions<InboxCleanupServiceOptions> options,
    ILogger<InboxCleanupService<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.QueryDelay);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopeFactory.CreateAsyncScope();
                var expired = DateTime.UtcNow - options.Value.DuplicateDetectionWindow;
                await scope.ServiceProvider.GetRequiredService<TDbContext>().Set<InboxState>()
                    .Where(x => x.Delivered < expired)
                    .ExecuteDeleteAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(exception, "Removing expired inbox rows failed; trying again in {QueryDelay}", options.Value.QueryDelay);
            }
        }
    }
}
