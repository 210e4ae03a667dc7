using CodeTether.Contracts.Tasks;
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
    /// Every worker process takes tasks from the shared pool (<see cref="RunTask.QueueName"/>, where tasks for no agent in
    /// particular are published) and from its agent's own queue (<see cref="AgentNames.TaskQueue"/>), on two endpoints of
    /// the same consumer configured alike (retries, priority, the shared capacity). Both are declared here: MassTransit
    /// leaves a consumer configured on an endpoint by hand out of <c>ConfigureEndpoints</c>. The agent's queue binds no
    /// exchange of a message type, so it gets only what is sent to it by name, not a copy of every pool task.
    /// </summary>
    public static void ReceiveTaskQueues(this IRabbitMqBusFactoryConfigurator rabbit, IBusRegistrationContext context)
    {
        rabbit.ReceiveTaskQueue(context, RunTask.QueueName, takesPublished: true);
        rabbit.ReceiveTaskQueue(context, AgentNames.TaskQueue(context.GetRequiredService<WorkerIdentity>().AgentName), takesPublished: false);
    }

    private static void ReceiveTaskQueue(this IRabbitMqBusFactoryConfigurator rabbit, IBusRegistrationContext context, string queue, bool takesPublished) =>
        rabbit.ReceiveEndpoint(queue, endpoint =>
        {
            context.GetConfigureReceiveEndpoints().Configure(queue, endpoint);
            endpoint.ConfigureConsumeTopology = takesPublished;
            endpoint.ConfigureConsumer<RunTaskConsumer>(context);
        });
}
