using CodeTether.Contracts.Agents;
using CodeTether.Workers.Agents;
using CodeTether.Workers.Codebases;
using CodeTether.Workers.Models;
using MassTransit;

namespace CodeTether.Workers.Registry;

public static class RegistryExtensions
{
    /// <summary>
    /// The registry (<c>Agents</c> options, its consumer on the shared <see cref="AgentRegistryConsumer.QueueName"/> queue)
    /// and this worker's part in it: registering codebases on its agent's request queue, learning those its sibling
    /// processes registered.
    /// </summary>
    public static IHostApplicationBuilder AddAgentRegistry(this IHostApplicationBuilder builder, IBusRegistrationConfigurator bus)
    {
        builder.Services.AddOptions<RegistryOptions>().BindConfiguration(RegistryOptions.Section);
        builder.Services.AddScoped<AgentRegistry>();
        var worker = WorkerIdentity.From(builder.Configuration);
        bus.AddConsumer<AgentRegistryConsumer>().Endpoint(e => e.Name = AgentRegistryConsumer.QueueName);
        bus.AddConsumer<RegisterCodebaseConsumer>().Endpoint(e => e.Name = AgentNames.CodebaseQueue(worker.AgentName));
        bus.AddConsumer<CodebaseRegisteredConsumer>().Endpoint(e =>
        {
            e.InstanceId = worker.Id;
            e.Temporary = true;
        });
        return builder;
    }

    /// <summary>This process's heartbeats. Registered after the bus, so that on a graceful stop it says it left before the bus stops.</summary>
    public static IHostApplicationBuilder AddAgentHeartbeats(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<AgentHeartbeats>();
        return builder;
    }
}
