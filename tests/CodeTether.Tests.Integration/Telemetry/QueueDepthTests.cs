using CodeTether.ServiceDefaults;
using CodeTether.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CodeTether.Tests.Integration.Telemetry;

public record DepthProbe(int Number);

/// <summary>The <c>codetether.queue.depth</c> gauge of a bus configured by the shared <see cref="Messaging.AddMessaging"/>.</summary>
public class QueueDepthTests
{
    private const string Queue = "queue-depth-probe";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_gauge_reports_the_messages_waiting_in_the_services_durable_queues_and_leaves_temporary_queues_out()
    {
        await using var vhost = await TestInfrastructure.CreateVirtualHostAsync("queue_depth");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:RabbitMq"] = vhost.Address.ToString() });
        builder.Services.AddSingleton(gate);
        builder.AddMessaging(bus =>
        {
            bus.AddConsumer<HeldProbeConsumer>().Endpoint(e =>
            {
                e.Name = Queue;
                e.ConcurrentMessageLimit = 1;
                e.PrefetchCount = 1;
            });
            bus.AddConsumer<TemporaryProbeConsumer>().Endpoint(e => e.Temporary = true);
        });
        using var host = builder.Build();
        LogContext.ConfigureCurrentLogContext(host.Services.GetRequiredService<ILoggerFactory>());
        using var metrics = new MetricRecorder(host.Services, "codetether.queue.depth");
        await host.StartAsync();
        try
        {
            var endpoint = await host.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri($"queue:{Queue}"));
            for (var i = 0; i < 3; i++)
                await endpoint.Send(new DepthProbe(i));

            // One message is held by the consumer (unacknowledged); two wait.
            IReadOnlyList<RecordedMeasurement> depths = [];
            var deadline = DateTime.UtcNow + Patience;
            while (!depths.Any(d => d.Tag("queue") == Queue && d.Value == 2))
            {
                Assert.True(DateTime.UtcNow < deadline, $"No depth of 2 for {Queue} in time; last: {string.Join(", ", depths.Select(d => $"{d.Tag("queue")}={d.Value}"))}");
                await Task.Delay(500);
                depths = metrics.Observe("codetether.queue.depth");
            }

            // The temporary endpoint's queue is the only other one the bus receives from.
            Assert.All(depths, d => Assert.Equal(Queue, d.Tag("queue")));
        }
        finally
        {
            gate.TrySetResult();
            await host.StopAsync();
        }
    }

    public sealed class HeldProbeConsumer(TaskCompletionSource gate) : IConsumer<DepthProbe>
    {
        public Task Consume(ConsumeContext<DepthProbe> context) => gate.Task;
    }

    public sealed class TemporaryProbeConsumer : IConsumer<DepthProbe>
    {
        public Task Consume(ConsumeContext<DepthProbe> context) => Task.CompletedTask;
    }
}
