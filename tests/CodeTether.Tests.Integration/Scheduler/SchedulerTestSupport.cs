using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using CodeTether.ServiceDefaults;
using CodeTether.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CodeTether.Tests.Integration.Scheduler;

public record DelayedPing(Guid Id);

public record StartCountdown(Guid Id, int Seconds);

public record CountdownElapsed(Guid Id);

public record FlakyWork(Guid Id);

/// <summary>When each message arrived at a test consumer, and in which trace (with a <see cref="SpanListener"/>).</summary>
public sealed class Arrivals
{
    readonly ConcurrentQueue<(Guid Id, DateTime At)> _arrived = new();
    readonly ConcurrentDictionary<Guid, ActivityTraceId?> _traces = new();

    public void Add(Guid id)
    {
        _traces[id] = Activity.Current?.TraceId;
        _arrived.Enqueue((id, DateTime.UtcNow));
    }

    public ActivityTraceId? TraceOf(Guid id) => _traces.GetValueOrDefault(id);

    public IReadOnlyList<(Guid Id, DateTime At)> All => _arrived.ToArray();

    public IReadOnlyList<DateTime> Of(Guid id) => _arrived.Where(x => x.Id == id).Select(x => x.At).ToList();

    public async Task<bool> WaitForAsync(Func<IReadOnlyList<(Guid Id, DateTime At)>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition(All))
                return true;
            await Task.Delay(50);
        }
        return condition(All);
    }
}

public sealed class DelayedPingConsumer(Arrivals arrivals) : IConsumer<DelayedPing>
{
    public Task Consume(ConsumeContext<DelayedPing> context)
    {
        arrivals.Add(context.Message.Id);
        return Task.CompletedTask;
    }
}

/// <summary>A consumer that schedules its follow-up through the message scheduler, as a service would.</summary>
public sealed class StartCountdownConsumer : IConsumer<StartCountdown>
{
    public Task Consume(ConsumeContext<StartCountdown> context) =>
        context.ScheduleSend(new Uri("queue:scheduler-test-elapsed"), DateTime.UtcNow.AddSeconds(context.Message.Seconds), new CountdownElapsed(context.Message.Id));
}

public sealed class CountdownElapsedConsumer(Arrivals arrivals) : IConsumer<CountdownElapsed>
{
    public Task Consume(ConsumeContext<CountdownElapsed> context)
    {
        arrivals.Add(context.Message.Id);
        return Task.CompletedTask;
    }
}

/// <summary>Fails every attempt until the first scheduled redelivery, then succeeds.</summary>
public sealed class FlakyWorkConsumer(Arrivals arrivals) : IConsumer<FlakyWork>
{
    public Task Consume(ConsumeContext<FlakyWork> context)
    {
        arrivals.Add(context.Message.Id);
        if (context.GetRedeliveryCount() == 0)
            throw new InvalidOperationException("Not yet");
        return Task.CompletedTask;
    }
}

/// <summary>A service-like bus on the test's vhost, configured by the shared <see cref="Messaging.AddMessaging"/>.</summary>
public sealed class TestServiceBus : IAsyncDisposable
{
    readonly IHost _host;

    TestServiceBus(IHost host) => _host = host;

    public Arrivals Arrivals => _host.Services.GetRequiredService<Arrivals>();

    public static async Task<TestServiceBus> StartAsync(Uri rabbitMq)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:RabbitMq"] = rabbitMq.ToString() });
        builder.Services.AddSingleton<Arrivals>();
        builder.AddMessaging(x =>
        {
            x.AddConsumer<DelayedPingConsumer>().Endpoint(e => e.Name = "scheduler-test-ping");
            x.AddConsumer<StartCountdownConsumer>().Endpoint(e => e.Name = "scheduler-test-countdown");
            x.AddConsumer<CountdownElapsedConsumer>().Endpoint(e => e.Name = "scheduler-test-elapsed");
            x.AddConsumer<FlakyWorkConsumer>().Endpoint(e => e.Name = "scheduler-test-flaky");
            x.AddSagaStateMachine<CountdownSaga, CountdownState>().InMemoryRepository().Endpoint(e => e.Name = "scheduler-test-countdown-saga");
        });
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = SchedulerProcesses.Patience;
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        var host = builder.Build();
        LogContext.ConfigureCurrentLogContext(host.Services.GetRequiredService<ILoggerFactory>());
        await host.StartAsync();
        return new TestServiceBus(host);
    }

    public async Task<ScheduledMessage<T>> ScheduleAsync<T>(string queue, DateTime at, T message)
        where T : class
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMessageScheduler>().ScheduleSend(new Uri($"queue:{queue}"), at, message);
    }

    public async Task CancelAsync(string queue, Guid tokenId)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMessageScheduler>().CancelScheduledSend(new Uri($"queue:{queue}"), tokenId);
    }

    public async Task SendAsync<T>(string queue, T message)
        where T : class
    {
        var endpoint = await _host.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri($"queue:{queue}"));
        await endpoint.Send(message);
    }

    /// <summary>Sends a message of interface type <typeparamref name="T"/> initialized from <paramref name="values"/>.</summary>
    public async Task SendValuesAsync<T>(string queue, object values)
        where T : class
    {
        var endpoint = await _host.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri($"queue:{queue}"));
        await endpoint.Send<T>(values);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}

/// <summary>The scheduler service as processes, on a database and a vhost of the test's own.</summary>
public sealed class SchedulerProcesses : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    readonly List<ServiceProcess> _processes = [];
    readonly string _logs = Directory.CreateTempSubdirectory("codetether-scheduler-").FullName;
    readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    SchedulerProcesses(IsolatedDatabase database, IsolatedVirtualHost vhost)
    {
        Database = database;
        VirtualHost = vhost;
    }

    public IsolatedDatabase Database { get; }
    public IsolatedVirtualHost VirtualHost { get; }

    public static async Task<SchedulerProcesses> CreateAsync(string purpose) =>
        new(await TestInfrastructure.CreateDatabaseAsync(purpose), await TestInfrastructure.CreateVirtualHostAsync(purpose));

    /// <summary>Starts one more scheduler instance and waits until it is ready (database migrated, bus connected).</summary>
    public async Task<ServiceProcess> StartAsync()
    {
        var process = new ServiceProcess("scheduler", ServiceProcess.FreePort(), new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = Database.ConnectionString,
            ["ConnectionStrings__RabbitMq"] = VirtualHost.Address.ToString(),
            ["Identity__SigningKey"] = _signingKey,
        }, _logs);
        _processes.Add(process);
        process.Start();
        await process.WaitUntilReadyAsync(Patience);
        return process;
    }

    public async Task<long> ScheduledRowsAsync()
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM scheduled_messages", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    public async Task WaitForScheduledRowsAsync(long expected)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (await ScheduledRowsAsync() != expected)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"scheduled_messages did not reach {expected} rows.\n{Logs()}");
            await Task.Delay(50);
        }
    }

    public string Logs() => string.Join('\n', _processes.Select(p => p.LogTail(40)));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
            await process.DisposeAsync();
        await VirtualHost.DisposeAsync();
        await Database.DisposeAsync();
    }
}
