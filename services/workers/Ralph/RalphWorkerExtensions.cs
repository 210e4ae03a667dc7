using CodeTether.Contracts.Agents;
using CodeTether.Workers.Agents;
using MassTransit;

namespace CodeTether.Workers.Ralph;

public static class RalphWorkerExtensions
{
    /// <summary>The story attempts of Ralph runs: the <c>Ralph</c> options and the consumer (its queue: <see cref="ReceiveRalphQueue"/>).</summary>
    public static IHostApplicationBuilder AddRalphStories(this IHostApplicationBuilder builder, IBusRegistrationConfigurator bus)
    {
        builder.Services.AddOptions<RalphOptions>()
            .Bind(builder.Configuration.GetSection(RalphOptions.Section))
            .Validate(o => o.IsValid, "Ralph:TestTimeout and MaxTestOutputCharacters must be positive; WorktreeRoot, CommitterName and CommitterEmail set.")
            .ValidateOnStart();
        builder.Services.AddSingleton<RepositoryLocks>();
        builder.Services.AddScoped<RalphStoryRunner>();
        bus.AddConsumer<RunRalphStoryConsumer>(c => c.ConcurrentMessageLimit = builder.Configuration.GetValue(
            $"{WorkerOptions.Section}:{nameof(WorkerOptions.Concurrency)}", new WorkerOptions().Concurrency)).ExcludeFromConfigureEndpoints();
        return builder;
    }

    /// <summary>
    /// The agent's Ralph queue (<see cref="AgentNames.RalphQueue"/>): every process of the agent takes attempts from it,
    /// up to <c>Worker:Concurrency</c> at once.
    /// </summary>
    public static void ReceiveRalphQueue(this IRabbitMqBusFactoryConfigurator rabbit, IBusRegistrationContext context)
    {
        var queue = AgentNames.RalphQueue(context.GetRequiredService<WorkerIdentity>().AgentName);
        rabbit.ReceiveEndpoint(queue, endpoint =>
        {
            context.GetConfigureReceiveEndpoints().Configure(queue, endpoint);
            endpoint.ConfigureConsumeTopology = false;
            endpoint.ConfigureConsumer<RunRalphStoryConsumer>(context);
        });
    }
}
