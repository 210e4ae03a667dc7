using MassTransit;

namespace CodeTether.Tasks.Dispatch;

public static class DispatchRegistration
{
    /// <summary>Per-tenant concurrency limits (<c>Tasks:Concurrency</c>) and the dispatcher that enforces them.</summary>
    public static IHostApplicationBuilder AddTaskDispatch(this IHostApplicationBuilder builder, IBusRegistrationConfigurator bus)
    {
        builder.Services.AddOptions<ConcurrencyOptions>().BindConfiguration(ConcurrencyOptions.Section);
        builder.Services.AddScoped<TaskDispatcher>();
        bus.AddConsumer<DispatchConsumer>();
        return builder;
    }
}
