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
        builder.Services.AddScoped<AgentRunner>();
        var worker = new WorkerIdentity(
            builder.Configuration["Worker:Id"] ?? $"{Environment.MachineName}-{Environment.ProcessId}",
            builder.Configuration["Worker:AgentName"] ?? "codetether-worker");
        builder.Services.AddSingleton(worker);
        builder.Services.AddSingleton<LocalCodebases>();
        builder.Services.AddSingleton<RunningAgents>();
        bus.AddConsumer<RunTaskConsumer, RunTaskConsumerDefinition>();
        bus.AddConsumer<StopAgentConsumer>().Endpoint(e =>
        {
            e.InstanceId = worker.Id;
            e.Temporary = true;
        });
        return builder;
    }
}
