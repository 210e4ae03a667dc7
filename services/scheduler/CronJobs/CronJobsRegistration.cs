using MassTransit;

namespace CodeTether.Scheduler.CronJobs;

public static class CronJobsRegistration
{
    /// <summary>Cron jobs: the firing background service (<c>CronJobs:PollInterval</c>) and what it uses.</summary>
    public static IHostApplicationBuilder AddCronJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CronJobOptions>().BindConfiguration("CronJobs");
        builder.Services.AddScoped<CronJobFiring>();
        builder.Services.AddHostedService<CronJobScheduler>();
        return builder;
    }

    /// <summary>The consumer that records each run's outcome from the TaskLifecycle saga's events.</summary>
    public static void AddCronJobs(this IBusRegistrationConfigurator bus) => bus.AddConsumer<TaskOutcomeConsumer>();
}
