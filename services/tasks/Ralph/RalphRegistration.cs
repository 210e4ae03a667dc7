using CodeTether.ServiceDefaults.Persistence;
using CodeTether.Tasks.Data;
using MassTransit;

namespace CodeTether.Tasks.Ralph;

public static class RalphRegistration
{
    /// <summary>The RalphRun saga, its state in the tasks database with optimistic concurrency, and the <c>Ralph</c> settings.</summary>
    public static IHostApplicationBuilder AddRalphRuns(this IHostApplicationBuilder builder, IBusRegistrationConfigurator bus)
    {
        builder.Services.AddOptions<RalphSettings>().BindConfiguration(RalphSettings.Section)
            .Validate(s => s is { MaxStories: > 0, DefaultMaxIterations: > 0, MaxParallelStories: > 0 } && s.DefaultMaxIterations <= s.MaxIterations,
                "Ralph:MaxStories, DefaultMaxIterations and MaxParallelStories must be positive, DefaultMaxIterations at most MaxIterations.")
            .ValidateOnStart();
        bus.AddSagaStateMachine<RalphRun, RalphRunState>().EntityFrameworkRepository(r =>
        {
            r.ConcurrencyMode = ConcurrencyMode.Optimistic;
            r.ExistingDbContext<TasksDbContext>();
        });
        return builder;
    }
}
