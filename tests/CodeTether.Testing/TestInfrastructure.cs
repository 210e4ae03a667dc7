using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Npgsql;
using Testcontainers.RabbitMq;

namespace CodeTether.Testing;

/// <summary>
/// Where the real RabbitMQ, PostgreSQL and Redis are, and how a test gets its own piece of each:
/// a database, a vhost, a key prefix, all named after this run so runs never collide.
/// <c>./codetether test</c> sets the CODETETHER_TEST_* variables; the defaults match <c>infra/local</c>.
/// </summary>
public static class TestInfrastructure
{
    public static readonly string RunId =
        Environment.GetEnvironmentVariable("CODETETHER_TEST_RUN") is { Length: > 0 } run ? run : Guid.NewGuid().ToString("N")[..8];

    public static string PostgresAdmin =>
        Environment.GetEnvironmentVariable("CODETETHER_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=55432;Username=codetether;Password=codetether;Database=postgres";

    public static Uri RabbitMq =>
        new(Environment.GetEnvironmentVariable("CODETETHER_TEST_RABBITMQ") ?? "amqp://guest:guest@127.0.0.1:5672/");

    public static Uri RabbitMqManagement =>
        new(Environment.GetEnvironmentVariable("CODETETHER_TEST_RABBITMQ_MANAGEMENT") ?? "http://guest:guest@127.0.0.1:15672/");

    public static string Redis => Environment.GetEnvironmentVariable("CODETETHER_TEST_REDIS") ?? "127.0.0.1:6379";

    public static string UniqueName(string purpose) =>
        $"ct_test_{RunId}_{purpose}_{Guid.NewGuid().ToString("N")[..6]}".ToLowerInvariant();

    public static string RedisKeyPrefix(string purpose) => $"{UniqueName(purpose)}:";

    public static async Task<IsolatedDatabase> CreateDatabaseAsync(string purpose)
    {
        var name = UniqueName(purpose);
        await using (var admin = new NpgsqlConnection(PostgresAdmin))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        return new IsolatedDatabase(name, new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = name }.ConnectionString);
    }

    public static async Task<IsolatedVirtualHost> CreateVirtualHostAsync(string purpose)
    {
        if (await DockerRabbitMq.TryGetAsync() is { } container)
            return new IsolatedVirtualHost(new Uri(container.GetConnectionString()), null);

        var name = UniqueName(purpose);
        using var management = ManagementClient();
        var vhost = Uri.EscapeDataString(name);
        (await management.PutAsync($"api/vhosts/{vhost}", null)).EnsureSuccessStatusCode();
        var user = RabbitMq.UserInfo.Split(':')[0];
        var permissions = new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json");
        (await management.PutAsync($"api/permissions/{vhost}/{Uri.EscapeDataString(user)}", permissions)).EnsureSuccessStatusCode();
        return new IsolatedVirtualHost(new UriBuilder(RabbitMq) { Path = "/" + vhost }.Uri, name);
    }

    internal static HttpClient ManagementClient()
    {
        var address = RabbitMqManagement;
        var client = new HttpClient { BaseAddress = new UriBuilder(address) { UserName = "", Password = "" }.Uri };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(address.UserInfo))));
        return client;
    }
}

public sealed record IsolatedDatabase(string Name, string ConnectionString) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestInfrastructure.PostgresAdmin);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>A vhost of its own on the local server, or a whole broker in a container where a Docker engine is reachable.</summary>
public sealed record IsolatedVirtualHost(Uri Address, string? Name) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        if (Name is null)
            return;
        using var management = TestInfrastructure.ManagementClient();
        await management.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(Name)}");
    }
}

internal static class DockerRabbitMq
{
    private static readonly Lazy<Task<RabbitMqContainer?>> Container = new(StartAsync);

    public static Task<RabbitMqContainer?> TryGetAsync() => Container.Value;

    private static async Task<RabbitMqContainer?> StartAsync()
    {
        if (!await DockerEngineReachableAsync())
            return null;
        var container = new RabbitMqBuilder("rabbitmq:3.13-management").Build();
        await container.StartAsync();
        return container;
    }

    private static async Task<bool> DockerEngineReachableAsync()
    {
        const string socket = "/var/run/docker.sock";
        if (!File.Exists(socket))
            return false;
        try
        {
            using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await probe.ConnectAsync(new UnixDomainSocketEndPoint(socket));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
