using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CodeTether.ServiceDefaults;
using CodeTether.Testing;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using RabbitMQ.Client;

namespace CodeTether.Tests.Integration.Tasks;

/// <summary>The tasks service, as its own process, creating a task while RabbitMQ cannot be reached.</summary>
public class TaskCreationOutboxTests
{
    private const string TaskQueuedExchange = "CodeTether.Contracts.Tasks:TaskQueued";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    [Fact]
    public async Task A_task_created_while_RabbitMQ_is_down_is_kept_and_published_once_RabbitMQ_is_back()
    {
        await using var database = await TestInfrastructure.CreateDatabaseAsync("tasks_outbox");
        await using var vhost = await TestInfrastructure.CreateVirtualHostAsync("tasks_outbox");
        var logs = Directory.CreateTempSubdirectory("codetether-outbox-").FullName;
        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        var port = ServiceProcess.FreePort();
        Dictionary<string, string> Environment(Uri rabbitMq) => new()
        {
            ["ConnectionStrings__Postgres"] = database.ConnectionString,
            ["ConnectionStrings__RabbitMq"] = rabbitMq.ToString(),
            ["Identity__SigningKey"] = signingKey,
        };

        // Where the workers' queue would be: bound to TaskQueued before anything is published.
        using var broker = await new ConnectionFactory { Uri = vhost.Address }.CreateConnectionAsync();
        await using var channel = await broker.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(TaskQueuedExchange, ExchangeType.Fanout, durable: true);
        var queue = (await channel.QueueDeclareAsync(exclusive: false, autoDelete: false)).QueueName;
        await channel.QueueBindAsync(queue, TaskQueuedExchange, "");

        var unreachable = new UriBuilder(vhost.Address) { Port = ServiceProcess.FreePort() }.Uri;
        await using (var tasks = new ServiceProcess("tasks", port, Environment(unreachable), logs))
        {
            tasks.Start();
            await tasks.WaitUntilHealthyAsync("/health/live", Patience);
            using var client = Client(tasks.Url, signingKey);

            var response = await client.PostAsJsonAsync("/v1/automation/tasks", new
            {
                title = "Written while the broker is down", model = "simulator", notify_email = "ops@example.com", timeout_seconds = 900,
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var taskId = (await response.Content.ReadFromJsonAsync<CreatedTask>(Json))!.TaskId;
            Assert.Equal("queued", (await client.GetFromJsonAsync<CreatedTask>($"/v1/automation/tasks/{taskId}", Json))!.Status);
            Assert.Equal(1L, await CountAsync(database, "outbox_message"));
            Assert.Equal(0u, await channel.MessageCountAsync(queue));
        }

        await using (var tasks = new ServiceProcess("tasks", port, Environment(vhost.Address), logs))
        {
            tasks.Start();
            await tasks.WaitUntilReadyAsync(Patience);

            var deadline = DateTime.UtcNow + Patience;
            while (await CountAsync(database, "outbox_message") > 0 && DateTime.UtcNow < deadline)
                await Task.Delay(200);
            Assert.Equal(0L, await CountAsync(database, "outbox_message"));
        }

        var delivered = await channel.BasicGetAsync(queue, autoAck: true);
        Assert.NotNull(delivered);
        var message = JsonDocument.Parse(delivered.Body).RootElement.GetProperty("message");
        Assert.Equal("Written while the broker is down", message.GetProperty("title").GetString());
        Assert.Equal("ops@example.com", message.GetProperty("notifyEmail").GetString());
        Assert.Equal(900, message.GetProperty("timeoutSeconds").GetInt32());
        Assert.Equal(0u, await channel.MessageCountAsync(queue));
    }

    private static HttpClient Client(Uri service, string signingKey)
    {
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey));
        var token = GatewayIdentity.CreateToken(key, new CallerIdentity(Guid.NewGuid(), "test", "pro", ["tasks:read", "tasks:write"]), TimeProvider.System);
        var client = new HttpClient { BaseAddress = service };
        client.DefaultRequestHeaders.Add(GatewayIdentity.HeaderName, token);
        return client;
    }

    private static async Task<long> CountAsync(IsolatedDatabase database, string table)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private sealed record CreatedTask(Guid TaskId, string Status);
}
