using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodeTether.Contracts.Tasks;
using CodeTether.Testing;

namespace CodeTether.Tests.Integration.Webhooks;

public sealed class SubscriptionTests(WebhooksFixture fixture) : IClassFixture<WebhooksFixture>
{
    private readonly WebhookReceiver receiver = fixture.Receiver;

    [Fact]
    public async Task A_subscription_gets_its_tenants_matching_events_and_410_removes_it()
    {
        var tenant = Guid.NewGuid();
        using var client = fixture.ClientFor(tenant);
        var startedPath = $"/zap-started/{Guid.NewGuid():N}";
        var createdPath = $"/zap-created/{Guid.NewGuid():N}";
        var started = await SubscribeAsync(client, receiver.Url(startedPath), "task.started");
        await SubscribeAsync(client, receiver.Url(createdPath), "task.created");
        receiver.Answer(startedPath, 200, 410);

        var otherTenantTask = await fixture.QueueTaskAsync(Guid.NewGuid(), null);
        var task = await fixture.QueueTaskAsync(tenant, null, title: "Zap task");
        var created = (await receiver.WaitForAsync(createdPath, 1)).Single();
        using (var body = JsonDocument.Parse(created.Body))
        {
            Assert.Equal("task.created", body.RootElement.GetProperty("event").GetString());
            Assert.Equal(task.TaskId.ToString(), body.RootElement.GetProperty("task_id").GetString());
            Assert.Equal("Zap task", body.RootElement.GetProperty("title").GetString());
            Assert.Equal("queued", body.RootElement.GetProperty("status").GetString());
            Assert.Equal(2, body.RootElement.GetProperty("priority").GetInt32());
        }

        await fixture.PublishAsync(new TaskStarted { TaskId = task.TaskId, TenantId = tenant, RunId = task.RunId, StartedAt = DateTimeOffset.UtcNow });
        await receiver.WaitForAsync(startedPath, 1);
        await fixture.PublishAsync(new TaskStarted { TaskId = task.TaskId, TenantId = tenant, RunId = task.RunId, StartedAt = DateTimeOffset.UtcNow.AddSeconds(1) });
        await receiver.WaitForAsync(startedPath, 2);

        await WaitUntilAsync(async () => !(await ListAsync(client)).Contains(started));
        Assert.Single(receiver.At(createdPath));
        Assert.DoesNotContain(receiver.Received, r => r.Body.Length > 0 && JsonDocument.Parse(r.Body).RootElement
            .GetProperty("task_id").GetString() == otherTenantTask.TaskId.ToString());
    }

    [Fact]
    public async Task Unsubscribe_removes_only_the_callers_subscription()
    {
        using var client = fixture.ClientFor(Guid.NewGuid());
        using var other = fixture.ClientFor(Guid.NewGuid());
        var id = await SubscribeAsync(client, receiver.Url("/zap-unsub"), "task.completed");

        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/v1/webhooks/subscriptions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/webhooks/subscriptions/{id}")).StatusCode);
        Assert.Empty(await ListAsync(client));
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data", "task.completed", "target_url")]
    [InlineData("http://10.0.0.1/hook", "task.completed", "target_url")]
    [InlineData("ftp://example.com/hook", "task.completed", "target_url")]
    [InlineData("http://127.0.0.1:9/hook", "task.finished", "event")]
    public async Task Bad_subscriptions_are_400_naming_the_field(string target, string eventName, string field)
    {
        using var client = fixture.ClientFor(Guid.NewGuid());
        using var response = await client.PostAsJsonAsync("/v1/webhooks/subscriptions", new { target_url = target, @event = eventName });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task OpenApi_describes_the_webhooks_routes()
    {
        using var http = new HttpClient { BaseAddress = fixture.Webhooks.Url };
        var document = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Subset(paths.ToHashSet(), new HashSet<string>
        {
            "/v1/webhooks/deliveries", "/v1/webhooks/deliveries/{id}", "/v1/webhooks/deliveries/{id}/redeliver",
            "/v1/webhooks/subscriptions", "/v1/webhooks/subscriptions/{id}", "/v1/webhooks/secret",
        });
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("DeliveryResponse", out _));
    }

    private static async Task<string> SubscribeAsync(HttpClient client, Uri target, string eventName)
    {
        using var response = await client.PostAsJsonAsync("/v1/webhooks/subscriptions", new { target_url = target, @event = eventName });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        Assert.Equal(eventName, body.GetProperty("event").GetString());
        return body.GetProperty("id").GetString()!;
    }

    private static async Task<List<string>> ListAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/v1/webhooks/subscriptions")).GetProperty("subscriptions")
            .EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList();

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("The condition did not hold in time.");
            await Task.Delay(200);
        }
    }
}
