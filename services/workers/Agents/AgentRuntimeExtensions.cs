using CodeTether.Contracts.Agents;
using CodeTether.Workers.Codebases;
using CodeTether.Workers.Models;
using MassTransit;

namespace CodeTether.Workers.Agents;

public static class AgentRuntimeExtensions
{
    /// <summary>
    /// The agent runtime: model providers from the <c>Models</c> section, the run limits and tool limits from <c>Agent</c>,
    /// the consumer that runs dispatched tasks, and the one that stops them.
    /// </summary>
    public static IHostApplicationBuilder AddAgentRuntime(this IHostApplicationBuilder builder, IBusRegistrationConfigurator bus)
    {
        builder.AddModelProviders();
        builder.Services.AddOptions<AgentOptions>()
            .Bind(builder.Configuration.GetSection(AgentOptions.Section))
            .Validate(o => o.IsValid, "Every Agent limit (MaxSteps, MaxTokens, MaxDuration, Tools:*) must be positive.")
            .ValidateOnStart();
        builder.Services.Configure<WorkerOptions>(builder.Configuration.GetSection(WorkerOptions.Section));
        builder.DrainOnStop();
        builder.Services.AddScoped<AgentRunner>();
        var worker = WorkerIdentity.From(builder.Configuration);
        builder.Services.AddSingleton(worker);
        builder.Services.AddSingleton<LocalCodebases>();
        builder.Services.AddSingleton<RunningAgents>();
        builder.Services.AddSingleton<WorkerCapacity>();
        bus.AddConsumer<RunTaskConsumer, RunTaskConsumerDefinition>();
        bus.AddConsumer<StopAgentConsumer>().Endpoint(e =>
        {
            e.InstanceId = worker.Id;
            e.Temporary = true;
        });
        return builder;
    }

    /// <summary>
    /// A graceful stop (SIGTERM) stops the bus's consumers at once, so the process takes no new task, then waits up to
    /// <c>Worker:DrainTimeout</c> for the running agents. After that MassTransit cancels their consume contexts: the agent
    /// stops mid-call and its message, never acknowledged, goes back to the queue for another worker. The host waits a
    /// little longer than the drain, so the bus has time to hand those messages back before the process ends.
    /// </summary>
    private static void DrainOnStop(this IHostApplicationBuilder builder)
    {
        var drain = builder.Configuration.GetSection(WorkerOptions.Section).Get<WorkerOptions>()?.DrainTimeout ?? new WorkerOptions().DrainTimeout;
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.ConsumerStopTimeout = drain;
            o.StopTimeout = drain + HandBackTime;
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = drain + 2 * HandBackTime);
    }

    private static readonly TimeSpan HandBackTime = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Every worker process also takes the tasks sent to its agent by name (<see cref="AgentNames.TaskQueue"/>), on a
    /// second endpoint of the same consumer, configured like the pool's (retries, priority, the shared capacity).
    /// </summary>
    public static void ReceiveAgentQueue(this IRabbitMqBusFactoryConfigurator rabbit, IBusRegistrationContext context)
    {
        var queue = AgentNames.TaskQueue(context.GetRequiredService<WorkerIdentity>().AgentName);
        rabbit.ReceiveEndpoint(queue, endpoint =>
        {
            context.GetConfigureReceiveEndpoints().Configure(queue, endpoint);
            // Only what is sent to the agent by name: bound to RunTask's exchange, the queue would also get a copy of every
            // task published for the pool, and each would run once per agent.
            endpoint.ConfigureConsumeTopology = false;
            endpoint.ConfigureConsumer<RunTaskConsumer>(context);
        });
    }
}
