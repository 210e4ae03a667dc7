using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodeTether.Testing;

namespace CodeTether.Tests.EndToEnd;

/// <summary>Every resource is its tenant's own: another tenant gets 404 on each route that takes an id, and lists without it.</summary>
[Collection(PlatformCollection.Name)]
public class TenantIsolationTests(PlatformFixture fixture)
{
    private Platform Platform => fixture.Platform;

    [Fact]
    public async Task Another_tenant_gets_404_on_every_route_that_takes_an_id_and_never_sees_the_resource_in_a_list()
    {
        using var owner = await Platform.CreateTenantClientAsync();
        using var stranger = await Platform.CreateTenantClientAsync();
        await using var receiver = await WebhookReceiver.StartAsync();

        var callback = receiver.Url($"/owned/{Guid.NewGuid():N}").ToString();
        var task = (await owner.CreateTaskAsync(new { title = "Owned task", model = "gpt-4o", webhook_url = callback })).GetProperty("task_id").GetString()!;
        await owner.WaitForStatusAsync(task, "completed");
        await receiver.WaitForAsync(new Uri(callback).AbsolutePath, 1, TimeSpan.FromSeconds(90));
        var delivery = (await owner.GetFromJsonAsync<JsonElement>($"/v1/webhooks/deliveries?task_id={task}")).GetProperty("deliveries")[0].GetProperty("id").GetString()!;
        var subscription = await CreateAsync(owner, "/v1/webhooks/subscriptions", new { target_url = callback, @event = "task.completed" }, "id");
        var cronJob = await CreateAsync(owner, "/v1/cronjobs", new { name = "Owned job", cron_expression = "0 3 * * *", task_template = "Nightly" }, "id");
        var key = await CreateAsync(owner, "/v1/keys", new { name = "owned key" }, "id");

        (HttpMethod Method, string Path, object? Body)[] routes =
        [
            (HttpMethod.Get, $"/v1/automation/tasks/{task}", null),
            (HttpMethod.Get, $"/v1/automation/tasks/{task}/events", null),
            (HttpMethod.Delete, $"/v1/automation/tasks/{task}", null),
            (HttpMethod.Post, $"/v1/automation/tasks/{task}/input", new { input = "an answer" }),
            (HttpMethod.Get, $"/v1/cronjobs/{cronJob}", null),
            (HttpMethod.Put, $"/v1/cronjobs/{cronJob}", new { name = "Taken over" }),
            (HttpMethod.Post, $"/v1/cronjobs/{cronJob}/enable", null),
            (HttpMethod.Post, $"/v1/cronjobs/{cronJob}/disable", null),
            (HttpMethod.Post, $"/v1/cronjobs/{cronJob}/trigger", null),
            (HttpMethod.Get, $"/v1/cronjobs/{cronJob}/runs", null),
            (HttpMethod.Delete, $"/v1/cronjobs/{cronJob}", null),
            (HttpMethod.Get, $"/v1/webhooks/deliveries/{delivery}", null),
            (HttpMethod.Post, $"/v1/webhooks/deliveries/{delivery}/redeliver", null),
            (HttpMethod.Delete, $"/v1/webhooks/subscriptions/{subscription}", null),
            (HttpMethod.Delete, $"/v1/keys/{key}", null),
        ];
        foreach (var (method, path, body) in routes)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            using var response = await stranger.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(0, (await stranger.GetFromJsonAsync<JsonElement>("/v1/automation/tasks")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await stranger.GetFromJsonAsync<JsonElement>("/v1/cronjobs")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await stranger.GetFromJsonAsync<JsonElement>($"/v1/webhooks/deliveries?task_id={task}")).GetProperty("total").GetInt32());
        Assert.DoesNotContain(subscription, await stranger.GetStringAsync("/v1/webhooks/subscriptions"));
        Assert.DoesNotContain(key, (await stranger.GetStringAsync("/v1/keys")));
        Assert.Equal(0, (await stranger.GetFromJsonAsync<JsonElement>("/v1/billing/usage")).GetProperty("total_requests").GetInt32());

        // Nothing the stranger tried changed the owner's resources.
        Assert.Equal("completed", (await owner.GetTaskAsync(task)).GetProperty("status").GetString());
        var job = await owner.GetFromJsonAsync<JsonElement>($"/v1/cronjobs/{cronJob}");
        Assert.Equal("Owned job", job.GetProperty("name").GetString());
        Assert.Equal(0, (await owner.GetFromJsonAsync<JsonElement>($"/v1/cronjobs/{cronJob}/runs")).GetProperty("total").GetInt32());
        Assert.Contains(key, await owner.GetStringAsync("/v1/keys"));
    }

    private static async Task<string> CreateAsync(HttpClient client, string path, object body, string idField)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {json}");
        return json.GetProperty(idField).GetString()!;
    }
}
