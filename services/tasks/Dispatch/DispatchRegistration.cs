using CodeTether.Contracts.Tasks;
using MassTransit;

namespace CodeTether.Tasks.Dispatch;

public static class DispatchRegistration
{
    /// <summary>Per-tenant concurrency limits (<c>Tasks:Concurrency</c>), the dispatcher that enforces them, and the agents' own queues it sends to.</summary>
    public static IHostApplicationBuilder AddTaskDispatch(this IHostApplicationBuilder builder, IBusRegistrationConfigurator bus)
    {
        builder.Services.AddOptions<ConcurrencyOptions>().BindConfiguration(ConcurrencyOptions.Section);
        builder.Services.AddScoped<TaskDispatcher>();
        builder.Services.AddSingleton<AgentQueues>();
        bus.AddConsumer<DispatchConsumer>();
        return builder;
    }

    /// <summary>
    /// Publishing <see cref="RunTask"/> declares the workers' pool queue as the workers do (a priority queue), so a task
    /// dispatched before any worker ever started waits in it rather than being dropped.
    /// </summary>
    public static void DeclareWorkerPool(this IRabbitMqBusFactoryConfigurator bus) =>
        bus.Publish<RunTask>(p => p.BindQueue(RunTask.QueueName, RunTask.QueueName,
            queue => queue.SetQueueArgument("x-max-priority", (int)RunTask.MaxPriority)));
}
