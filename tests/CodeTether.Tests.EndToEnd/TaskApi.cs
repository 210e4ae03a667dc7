using System.Net.Http.Json;
using System.Text.Json;

namespace CodeTether.Tests.EndToEnd;

/// <summary>What a user's automation does with the tasks API: create, then poll.</summary>
public static class TaskApi
{
    /// <summary>Waits, without calling the API, until <paramref name="condition"/> holds (the fake model's view, say).</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting until {what}.");
            await Task.Delay(50);
        }
    }

    public static async Task<JsonElement> CreateTaskAsync(this HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("/v1/automation/tasks", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"{(int)response.StatusCode}: {json}");
        return json;
    }

    public static async Task<JsonElement> GetTaskAsync(this HttpClient client, string taskId) =>
        await client.GetFromJsonAsync<JsonElement>($"/v1/automation/tasks/{taskId}");

    /// <param name="pollEvery">100 ms unless given: a free plan's key may make only 60 requests a minute.</param>
    public static async Task<JsonElement> WaitForStatusAsync(this HttpClient client, string taskId, string status, TimeSpan? timeout = null,
        TimeSpan? pollEvery = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        JsonElement task;
        do
        {
            task = await client.GetTaskAsync(taskId);
            if (task.GetProperty("status").GetString() == status)
                return task;
            await Task.Delay(pollEvery ?? TimeSpan.FromMilliseconds(100));
        } while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Task {taskId} did not reach '{status}': {task}");
    }

    public static async Task<JsonElement> WaitForAgentAsync(this HttpClient client, string name, string status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var response = await client.GetAsync($"/v1/agents/{name}");
            var agent = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (response.IsSuccessStatusCode && agent.GetProperty("status").GetString() == status)
                return agent;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Agent {name} did not become {status}: {agent}");
            await Task.Delay(500);
        }
    }

    /// <summary>Waits until the tenant's bill counts at least <paramref name="requests"/> model calls this month.</summary>
    public static async Task<JsonElement> WaitForUsageAsync(this HttpClient client, int requests)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonElement usage;
        do
        {
            usage = await client.GetFromJsonAsync<JsonElement>("/v1/billing/usage");
            if (usage.GetProperty("total_requests").GetInt32() >= requests)
                return usage;
            await Task.Delay(200);
        } while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Usage did not reach {requests} requests: {usage}");
    }
}
