using System.Net.Http.Json;
using System.Text.Json;

namespace CodeTether.Tests.EndToEnd;

/// <summary>What a user's automation does with the tasks API: create, then poll.</summary>
public static class TaskApi
{
    public static async Task<JsonElement> CreateTaskAsync(this HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("/v1/automation/tasks", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"{(int)response.StatusCode}: {json}");
        return json;
    }

    public static async Task<JsonElement> GetTaskAsync(this HttpClient client, string taskId) =>
        await client.GetFromJsonAsync<JsonElement>($"/v1/automation/tasks/{taskId}");

    public static async Task<JsonElement> WaitForStatusAsync(this HttpClient client, string taskId, string status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        JsonElement task;
        do
        {
            task = await client.GetTaskAsync(taskId);
            if (task.GetProperty("status").GetString() == status)
                return task;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Task {taskId} did not reach '{status}': {task}");
    }
}
