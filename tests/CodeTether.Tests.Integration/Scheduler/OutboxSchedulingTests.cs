using CodeTether.ServiceDefaults;
using CodeTether.Tests.Integration.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CodeTether.Tests.Integration.Scheduler;

public record ScheduleThenFail(Guid Id, bool Fail);

/// <summary>Schedules a ping, then fails or not: on an outbox endpoint the schedule must commit with the consumer.</summary>
public sealed class ScheduleThenFailConsumer : IConsumer<ScheduleThenFail>
{
    public async Task Consume(ConsumeContext<ScheduleThenFail> context)
    {
        await context.ScheduleSend(new Uri("queue:scheduler-test-ping"), DateTime.UtcNow.AddSeconds(1), new DelayedPing(context.Message.Id));
        if (context.Message.Fail)
            throw new InvalidOperationException("Rolled back");
    }
}

/// <summary>A consumer's ScheduleSend on a transactional-outbox endpoint (as in the tasks service) goes through the outbox.</summary>
public class OutboxSchedulingTests
{
    [Fact]
    public async Task A_ScheduleSend_from_a_failing_outbox_consumer_is_never_delivered_and_from_a_succeeding_one_once()
    {
        await using var scheduler = await SchedulerProcesses.CreateAsync("sched_outbox");
        await scheduler.StartAsync();
        await using var outboxDatabase = await CodeTether.Testing.TestInfrastructure.CreateDatabaseAsync("sched_outbox_svc");
        await PersistenceTestHost.CreateSchemaAsync(outboxDatabase.ConnectionString);
        await using var pings = await TestServiceBus.StartAsync(scheduler.VirtualHost.Address);

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:RabbitMq"] = scheduler.VirtualHost.Address.ToString() });
        builder.Services.AddDbContext<PersistenceTestDbContext>(o => o.UseNpgsql(outboxDatabase.ConnectionString));
        builder.AddMessaging(x =>
        {
            x.AddTransactionalOutbox<PersistenceTestDbContext>();
            x.AddConsumer<ScheduleThenFailConsumer>().Endpoint(e => e.Name = "scheduler-test-outbox");
        });
        builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        using var host = builder.Build();
        LogContext.ConfigureCurrentLogContext(host.Services.GetRequiredService<ILoggerFactory>());
        await host.StartAsync();
        try
        {
            var failing = Guid.NewGuid();
            var succeeding = Guid.NewGuid();
            await pings.SendAsync("scheduler-test-outbox", new ScheduleThenFail(failing, true));
            await pings.SendAsync("scheduler-test-outbox", new ScheduleThenFail(succeeding, false));

            Assert.True(await pings.Arrivals.WaitForAsync(a => a.Any(x => x.Id == succeeding), TimeSpan.FromSeconds(30)), scheduler.Logs());
            // The failing one has been tried six times and redelivered once (after 5 s) by now.
            await Task.Delay(TimeSpan.FromSeconds(10));
            Assert.Single(pings.Arrivals.Of(succeeding));
            Assert.Empty(pings.Arrivals.Of(failing));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
