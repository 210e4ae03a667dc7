using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodeTether.Testing;

namespace CodeTether.Tests.EndToEnd;

/// <summary>The n8n document's webhook callback, through the gateway, with every service a process of its own.</summary>
[Collection(PlatformCollection.Name)]
public class WebhookTests(PlatformFixture fixture) : IAsyncLifetime
{
    private Platform Platform => fixture.Platform;
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    [Fact]
    public async Task A_task_with_a_webhook_url_gets_a_signed_completed_webhook_that_only_its_tenant_can_see()
    {
        using var client = await Platform.CreateTenantClientAsync();
        using var secretResponse = await client.PutAsJsonAsync("/v1/webhooks/secret", new { });
        Assert.Equal(HttpStatusCode.OK, secretResponse.StatusCode);
        var secret = (await secretResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;

        var path = $"/webhook/codetether-callback/{Guid.NewGuid():N}";
        var task = await client.CreateTaskAsync(new
        {
            title = "Analyze customer feedback",
            description = "Résumé: « ça marche » — 日本語 🎉 \"quotes\" \\ and\nnew lines",
            agent_type = "general",
            model = "gpt-4o",
            webhook_url = receiver.Url(path).ToString(),
        });
        var taskId = task.GetProperty("task_id").GetString()!;

        var webhook = (await receiver.WaitForAsync(path, 1, TimeSpan.FromSeconds(90))).Single();
        Assert.Null(await N8nSignatureSnippet.VerifyAsync(webhook, secret));
        var completed = await client.GetTaskAsync(taskId);
        using var body = JsonDocument.Parse(webhook.Body);
        Assert.Equal(["event", "run_id", "task_id", "status", "result", "error", "timestamp"], body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("task_completed", body.RootElement.GetProperty("event").GetString());
        Assert.Equal(taskId, body.RootElement.GetProperty("task_id").GetString());
        Assert.Equal(task.GetProperty("run_id").GetString(), body.RootElement.GetProperty("run_id").GetString());
        Assert.Equal("completed", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(completed.GetProperty("result").GetString(), body.RootElement.GetProperty("result").GetString());
        Assert.Contains("日本語 🎉", body.RootElement.GetProperty("result").GetString());

        var deliveries = await WaitForDeliveredAsync(client, taskId);
        var deliveryId = deliveries.GetProperty("deliveries")[0].GetProperty("id").GetString();

        using var other = await Platform.CreateTenantClientAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/v1/webhooks/deliveries/{deliveryId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/v1/webhooks/deliveries/{deliveryId}/redeliver", null)).StatusCode);
        var othersList = await other.GetFromJsonAsync<JsonElement>($"/v1/webhooks/deliveries?task_id={taskId}");
        Assert.Equal(0, othersList.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Subscribing_needs_tasks_write()
    {
        using var reader = await Platform.CreateTenantClientAsync(scopes: "tasks:read");
        using var response = await reader.PostAsJsonAsync("/v1/webhooks/subscriptions", new { target_url = receiver.Url("/zap").ToString(), @event = "task.completed" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/v1/webhooks/subscriptions")).StatusCode);
    }

    private static async Task<JsonElement> WaitForDeliveredAsync(HttpClient client, string taskId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var list = await client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/deliveries?task_id={taskId}&status=delivered");
            if (list.GetProperty("total").GetInt32() == 1 || DateTime.UtcNow > deadline)
                return list.GetProperty("total").GetInt32() == 1 ? list : throw new TimeoutException(list.ToString());
            await Task.Delay(200);
        }
    }
}
