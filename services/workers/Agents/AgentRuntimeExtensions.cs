using CodeTether.Workers.Models;
using MassTransit;

namespace CodeTether.Workers.Agents;

public static class AgentRuntimeExtensions
{
    /// <summary>The agent runtime: model providers from the <c>Models</c> section, and the consumer that runs queued tasks.</summary>
    public static IHostApplicationBuilder AddAgentRuntime(this IHostApplicationBuilder builder, IBusRegistrationConfigurator bus)
    {
        builder.Services.Configure<ModelOptions>(builder.Configuration.GetSection(ModelOptions.Section));
        builder.Services.AddSingleton<ChatClientProvider>();
        builder.Services.AddScoped<AgentRunner>();
        builder.Services.AddSingleton(new WorkerIdentity(builder.Configuration["Worker:Id"] ?? $"{Environment.MachineName}-{Environment.ProcessId}"));
        bus.AddConsumer<RunTaskConsumer, RunTaskConsumerDefinition>();
        return builder;
    }
}
