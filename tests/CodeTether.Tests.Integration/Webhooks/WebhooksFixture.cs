using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using CodeTether.Contracts.Tasks;
using CodeTether.ServiceDefaults;
using CodeTether.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CodeTether.Tests.Integration.Webhooks;

/// <summary>
/// The webhooks and scheduler services as processes (own databases, one vhost), a bus that publishes the saga's events,
/// a local receiver and SMTP server. Retries wait 1 s, four attempts in all; loopback is allowed, other private
/// addresses are not.
/// </summary>
public sealed class WebhooksFixture : IAsyncLifetime
{
    public const int MaxAttempts = 4;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    private readonly List<IAsyncDisposable> resources = [];
    private IHost bus = null!;

    public ServiceProcess Webhooks { get; private set; } = null!;
    public WebhookReceiver Receiver { get; private set; } = null!;
    public FakeSmtpServer Smtp { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var vhost = await TestInfrastructure.CreateVirtualHostAsync("webhooks");
        resources.Add(vhost);
        Receiver = await WebhookReceiver.StartAsync();
        resources.Add(Receiver);
        Smtp = FakeSmtpServer.Start();
        resources.Add(Smtp);
        var shared = new Dictionary<string, string>
        {
            ["ConnectionStrings__RabbitMq"] = vhost.Address.ToString(),
            ["Identity__SigningKey"] = signingKey,
        };

        var schedulerDatabase = await TestInfrastructure.CreateDatabaseAsync("webhooks_scheduler");
        var webhooksDatabase = await TestInfrastructure.CreateDatabaseAsync("webhooks");
        var logs = Directory.CreateTempSubdirectory("codetether-webhooks-").FullName;
        var scheduler = new ServiceProcess("scheduler", ServiceProcess.FreePort(),
            new Dictionary<string, string>(shared) { ["ConnectionStrings__Postgres"] = schedulerDatabase.ConnectionString }, logs);
        Webhooks = new ServiceProcess("webhooks", ServiceProcess.FreePort(), new Dictionary<string, string>(shared)
        {
            ["ConnectionStrings__Postgres"] = webhooksDatabase.ConnectionString,
            ["Webhooks__AllowedNetworks__0"] = "127.0.0.0/8",
            ["Webhooks__Retries__Delays"] = "00:00:01 00:00:01 00:00:01",
            ["Webhooks__Retries__Jitter"] = "0",
            ["Webhooks__Smtp__Host"] = "127.0.0.1",
            ["Webhooks__Smtp__Port"] = Smtp.Port.ToString(),
            ["Webhooks__Smtp__Security"] = "None",
        }, logs);
        // Disposed in reverse: processes before their databases.
        resources.AddRange([schedulerDatabase, webhooksDatabase, scheduler, Webhooks]);
        scheduler.Start();
        Webhooks.Start();
        await Task.WhenAll(scheduler.WaitUntilReadyAsync(StartTimeout), Webhooks.WaitUntilReadyAsync(StartTimeout));

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:RabbitMq"] = vhost.Address.ToString() });
        builder.AddMessaging(_ => { });
        bus = builder.Build();
        await bus.StartAsync();
        await bus.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, StartTimeout);
    }

    public Task PublishAsync<T>(T message) where T : class => bus.Services.GetRequiredService<IBus>().Publish(message);

    /// <summary>A task of <paramref name="tenant"/> queued with these callbacks; returns its TaskQueued.</summary>
    public async Task<TaskQueued> QueueTaskAsync(Guid tenant, string? webhookUrl, string? notifyEmail = null, string title = "Analyze feedback")
    {
        var queued = new TaskQueued
        {
            TaskId = NewId.NextGuid(),
            TenantId = tenant,
            RunId = NewId.NextGuid(),
            Title = title,
            Prompt = "Read the reviews.",
            AgentType = "general",
            Model = "simulator",
            Priority = 2,
            WebhookUrl = webhookUrl,
            NotifyEmail = notifyEmail,
            QueuedAt = DateTimeOffset.UtcNow,
        };
        await PublishAsync(queued);
        return queued;
    }

    public Task CompleteAsync(TaskQueued task, string result, DateTimeOffset? at = null) => PublishAsync(new TaskCompleted
    {
        TaskId = task.TaskId,
        TenantId = task.TenantId,
        RunId = task.RunId,
        Result = result,
        ResultSummary = result.Length > 50 ? result[..50] : result,
        CompletedAt = at ?? DateTimeOffset.UtcNow,
    });

    /// <summary>A client of the webhooks service acting for <paramref name="tenant"/>, as the gateway forwards callers.</summary>
    public HttpClient ClientFor(Guid tenant)
    {
        var key = GatewayIdentity.SigningKey(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [GatewayIdentity.SigningKeySetting] = signingKey }).Build());
        var token = GatewayIdentity.CreateToken(key, new CallerIdentity(tenant, "test", "pro", ["tasks:read", "tasks:write"]), TimeProvider.System);
        var client = new HttpClient { BaseAddress = Webhooks.Url, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add(GatewayIdentity.HeaderName, token);
        return client;
    }

    /// <summary>Polls the deliveries API until the task's deliveries satisfy <paramref name="condition"/>.</summary>
    public async Task<JsonElement[]> WaitForDeliveriesAsync(Guid tenant, Guid taskId, Func<JsonElement[], bool> condition, TimeSpan? timeout = null)
    {
        using var client = ClientFor(tenant);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        JsonElement[] deliveries;
        do
        {
            var list = await client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/deliveries?task_id={taskId}");
            deliveries = list.GetProperty("deliveries").EnumerateArray().ToArray();
            if (condition(deliveries))
                return deliveries;
            await Task.Delay(200);
        } while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Deliveries of task {taskId} did not reach the expected state: {JsonSerializer.Serialize(deliveries)}\n{Webhooks.LogTail()}");
    }

    public async Task DisposeAsync()
    {
        if (bus is not null)
        {
            await bus.StopAsync();
            bus.Dispose();
        }
        for (var i = resources.Count - 1; i >= 0; i--)
            await resources[i].DisposeAsync();
    }
}
