using Microsoft.Extensions.Options;

namespace CodeTether.Scheduler.CronJobs;

public sealed class CronJobOptions
{
    /// <summary>How often the scheduler looks for due jobs (<c>CronJobs:PollInterval</c>).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Looks for due cron jobs every <see cref="CronJobOptions.PollInterval"/> and fires them; any number of instances may run.</summary>
public sealed class CronJobScheduler(IServiceScopeFactory scopes, TimeProvider clock, IOptions<CronJobOptions> options,
    ILogger<CronJobScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                int fired;
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    fired = await scope.ServiceProvider.GetRequiredService<CronJobFiring>().FireDueAsync(clock.GetUtcNow(), stoppingToken);
                    if (fired > 0)
                        logger.LogInformation("Fired {Count} cron job occurrence(s)", fired);
                } while (fired == CronJobFiring.BatchSize && !stoppingToken.IsCancellationRequested);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Firing cron jobs failed; trying again in {Interval}", options.Value.PollInterval);
            }

            try
            {
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
