using MassTransit;

namespace CodeTether.Tasks.Messages;

public static class MessagesRegistration
{
    /// <summary>The messages API's settings and services, and the temporary queue that wakes its waiting requests.</summary>
    public static IHostApplicationBuilder AddMessages(this IHostApplicationBuilder builder, IBusRegistrationConfigurator bus)
    {
        builder.Services.AddOptions<MessageSettings>().BindConfiguration(MessageSettings.Section)
            .Validate(s => s.SyncWaitSeconds is > 0 and < 100, "Messages:SyncWaitSeconds must be 1 to 99: below the gateway's 100 s proxy timeout.")
            .Validate(s => s.MaxHistoryCharacters > 0, "Messages:MaxHistoryCharacters must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<TaskOutcomeWaiters>();
        builder.Services.AddScoped<MessageTasks>();
        bus.AddConsumer<TaskOutcomeConsumer>().Endpoint(e =>
        {
            e.InstanceId = $"{Environment.MachineName}-{Environment.ProcessId}";
            e.Temporary = true;
        });
        return builder;
    }
}
