using MassTransit;

namespace CodeTether.Scheduler.ScheduledMessages;

public static class ScheduledMessagesRegistration
{
    /// <summary>
    /// Durable delayed messages for every service: the <c>scheduler</c> queue's consumer of <c>ScheduleMessage</c> and
    /// <c>CancelScheduledMessage</c>, stored in the scheduler's database, and the dispatcher that sends them when due.
    /// Settings under <c>Scheduler:ScheduledMessages</c> (<see cref="ScheduledMessageOptions"/>).
    /// </summary>
    public static IHostApplicationBuilder AddScheduledMessages(this IHostApplicationBuilder builder, IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ScheduleMessageConsumer, ScheduleMessageConsumerDefinition>();
        builder.Services.AddOptions<ScheduledMessageOptions>().BindConfiguration("Scheduler:ScheduledMessages");
        builder.Services.AddSingleton<ScheduledMessageSignal>();
        builder.Services.AddHostedService<ScheduledMessageDispatcher>();
        return builder;
    }
}
