using System.Text;
using CodeTether.ServiceDefaults;
using CodeTether.Testing;
using CodeTether.Webhooks.Data;
using CodeTether.Webhooks.Deliveries;
using Microsoft.Extensions.DependencyInjection;

namespace CodeTether.Tests.Integration.Webhooks;

/// <summary><c>codetether.webhooks.delivery.*</c>: each attempt the sender makes to a real HTTP receiver is measured once.</summary>
public class WebhookMetricsTests
{
    [Fact]
    public async Task Every_attempt_records_its_duration_and_each_failure_its_kind()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer("/hook", 500);
        await using var services = new ServiceCollection().AddHttpClient().AddCodeTetherMetrics().BuildServiceProvider();
        using var metrics = new MetricRecorder(services, "codetether.webhooks.delivery.duration", "codetether.webhooks.delivery.failures");
        var sender = new WebhookSender(services.GetRequiredService<IHttpClientFactory>(), TimeProvider.System, services.GetRequiredService<CodeTetherMetrics>());

        var failed = await sender.SendAsync(Delivery(receiver.Url("/hook")), null, CancellationToken.None);
        var delivered = await sender.SendAsync(Delivery(receiver.Url("/hook")), null, CancellationToken.None);
        var unreachable = await sender.SendAsync(Delivery(new Uri($"http://127.0.0.1:{ServiceProcess.FreePort()}/hook")), null, CancellationToken.None);

        Assert.Equal((500, 200, null), (failed.StatusCode, delivered.StatusCode, unreachable.StatusCode));
        var durations = metrics.Of("codetether.webhooks.delivery.duration");
        Assert.Equal(["failure", "success", "failure"], durations.Select(d => d.Tag("outcome")));
        Assert.All(durations, d => Assert.Equal("task.completed", d.Tag("event")));
        Assert.Equal([failed.Latency.TotalSeconds, delivered.Latency.TotalSeconds, unreachable.Latency.TotalSeconds], durations.Select(d => d.Value));
        var failures = metrics.Of("codetether.webhooks.delivery.failures");
        Assert.Equal(["500", "connection"], failures.Select(f => f.Tag("error.type")));
        Assert.All(failures, f => Assert.Equal((1.0, "task.completed"), (f.Value, f.Tag("event"))));
    }

    private static Delivery Delivery(Uri url) => new()
    {
        Id = Guid.NewGuid(), TenantId = Guid.NewGuid(), TaskId = Guid.NewGuid(), Event = "task.completed", EventKey = "completed",
        Url = url.ToString(), Payload = Encoding.UTF8.GetBytes("{}"), Status = DeliveryStatuses.Pending, CreatedAt = DateTimeOffset.UtcNow,
    };
}
