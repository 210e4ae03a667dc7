using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CodeTether.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CodeTether.Tests.Integration.Persistence;

/// <summary>A service-like host: its own database, a MassTransit bus on its own vhost, configured the way a service would.</summary>
public sealed class PersistenceTestHost : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    readonly IHost _host;

    PersistenceTestHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public static async Task<PersistenceTestHost> StartAsync(string connectionString, Uri rabbitMq, Action<IBusRegistrationConfigurator> configure,
        Action<IServiceCollection>? services = null, bool waitUntilStarted = true)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<DatabaseObserver>();
        builder.Services.AddDbContext<PersistenceTestDbContext>((provider, o) => o.UseNpgsql(connectionString).AddInterceptors(provider.GetRequiredService<DatabaseObserver>()));
        services?.Invoke(builder.Services);
        builder.Services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            configure(x);
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(rabbitMq, h => h.PublisherConfirmation = true);
                cfg.ConfigureEndpoints(context);
            });
        });
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = waitUntilStarted;
            o.StartTimeout = Patience;
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });

        var host = builder.Build();
        // MassTransit keeps the first bus's logger factory in a static; a host started after another was disposed needs its own.
        LogContext.ConfigureCurrentLogContext(host.Services.GetRequiredService<ILoggerFactory>());
        await host.StartAsync();
        return new PersistenceTestHost(host);
    }

    public static async Task CreateSchemaAsync(string connectionString)
    {
        await using var db = new PersistenceTestDbContext(new DbContextOptionsBuilder<PersistenceTestDbContext>().UseNpgsql(connectionString).Options);
        await db.Database.EnsureCreatedAsync();
    }

    public async Task<T> QueryAsync<T>(Func<PersistenceTestDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<PersistenceTestDbContext>());
    }

    public Task<ISendEndpoint> EndpointAsync(string queue) => Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri($"queue:{queue}"));

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Patience)
                Assert.Fail($"Still not true after {Patience.TotalSeconds} s: {what}");
            await Task.Delay(100);
        }
    }

    public static Task EventuallyAsync(Func<bool> condition, string what) => EventuallyAsync(() => Task.FromResult(condition()), what);
}

/// <summary>
/// RabbitMQ as a service sees it when the broker is down: a port where nothing listens, until <see cref="Open"/> forwards it
/// to the real broker. Addresses stay the same, so the same bus reconnects and what it wrote meanwhile is still addressed right.
/// </summary>
public sealed class BrokerGate : IAsyncDisposable
{
    readonly CancellationTokenSource _stop = new();
    readonly Uri _broker;
    readonly int _port;
    TcpListener? _listener;

    public BrokerGate(IsolatedVirtualHost vhost)
    {
        _broker = vhost.Address;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        _port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Address = new UriBuilder(vhost.Address) { Host = IPAddress.Loopback.ToString(), Port = _port }.Uri;
    }

    /// <summary>The vhost's address, on the gate's port.</summary>
    public Uri Address { get; }

    public void Open()
    {
        _listener = new TcpListener(IPAddress.Loopback, _port);
        _listener.Start();
        _ = AcceptAsync(_listener);
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener?.Stop();
        return ValueTask.CompletedTask;
    }

    async Task AcceptAsync(TcpListener listener)
    {
        try
        {
            while (true)
                _ = ForwardAsync(await listener.AcceptTcpClientAsync(_stop.Token));
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
    }

    async Task ForwardAsync(TcpClient client)
    {
        using (client)
        using (var broker = new TcpClient())
        {
            try
            {
                await broker.ConnectAsync(_broker.Host, _broker.IsDefaultPort ? 5672 : _broker.Port, _stop.Token);
                var (a, b) = (client.GetStream(), broker.GetStream());
                await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
            }
            catch (IOException)
            {
            }
            catch (SocketException)
            {
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PersistenceCollection
{
    // One at a time: the concurrency tests need the machine's cores to themselves to be meaningful.
    public const string Name = "Persistence";
}

/// <summary>Each test gets its own database (with the schema created) and its own vhost.</summary>
[Collection(PersistenceCollection.Name)]
public abstract class PersistenceTest : IAsyncLifetime
{
    protected IsolatedDatabase Database { get; private set; } = null!;
    protected IsolatedVirtualHost VirtualHost { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestInfrastructure.CreateDatabaseAsync("persistence");
        VirtualHost = await TestInfrastructure.CreateVirtualHostAsync("persistence");
        await PersistenceTestHost.CreateSchemaAsync(Database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await VirtualHost.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>
/// What one host did to the database that a test cannot see in the result: the races EF Core reported (stale versions,
/// duplicate inserts), to show that a test really raced, and the outboxes it delivered.
/// </summary>
public sealed class DatabaseObserver : ISaveChangesInterceptor, IDbCommandInterceptor
{
    int _staleVersions;
    int _duplicateInserts;
    int _deliveredOutboxes;

    public int StaleVersions => _staleVersions;
    public int DuplicateInserts => _duplicateInserts;
    public int DeliveredOutboxes => _deliveredOutboxes;

    public ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(ConcurrencyExceptionEventData eventData, InterceptionResult result,
        CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _staleVersions);
        return ValueTask.FromResult(result);
    }

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            Interlocked.Increment(ref _duplicateInserts);
        return Task.CompletedTask;
    }

    public ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default)
    {
        Interlocked.Add(ref _deliveredOutboxes, command.CommandText.Split("DELETE FROM outbox_state").Length - 1);
        return ValueTask.FromResult(result);
    }
}
