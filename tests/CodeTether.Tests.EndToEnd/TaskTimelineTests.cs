using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CodeTether.Tests.EndToEnd;

/// <summary>The journal seen through the public API: a task's timeline, built from every message about it.</summary>
[Collection(PlatformCollection.Name)]
public class TaskTimelineTests(PlatformFixture fixture)
{
    /// <summary>Each caused by the one before. The saga's TaskStarted races the worker's TaskRunSucceeded, so it is checked apart.</summary>
    private static readonly string[] CompletedTaskLifecycle =
        ["TaskQueued", "RunTask", "TaskRunStarted", "TaskRunSucceeded", "TaskCompleted"];

    [Fact]
    public async Task A_completed_tasks_timeline_holds_each_lifecycle_message_oldest_first_and_only_for_its_tenant()
    {
        using var client = await fixture.Platform.CreateTenantClientAsync();
        var created = await client.CreateTaskAsync(new { title = "Timeline", description = $"Say hello {Guid.NewGuid()}", model = "gpt-4o" });
        var taskId = created.GetProperty("task_id").GetString()!;
        await client.WaitForStatusAsync(taskId, "completed");

        var timeline = await WaitForTimelineAsync(client, taskId, "TaskCompleted");

        var events = timeline.GetProperty("events").EnumerateArray().ToList();
        var types = events.Select(e => e.GetProperty("type").GetString()!).ToList();
        var positions = CompletedTaskLifecycle.Select(t => types.IndexOf(t)).ToList();
        Assert.True(positions.All(p => p >= 0), $"Missing lifecycle messages in: {string.Join(", ", types)}");
        Assert.True(positions.SequenceEqual(positions.Order()), $"Out of order: {string.Join(", ", types)}");
        if (types.IndexOf("TaskStarted") is >= 0 and var started)
            Assert.True(started > types.IndexOf("TaskRunStarted"), $"TaskStarted before the run started: {string.Join(", ", types)}");
        var messageIds = events.Select(e => e.GetProperty("message_id").GetGuid()).ToList();
        Assert.Equal(messageIds.Count, messageIds.Distinct().Count());
        var times = events.Select(e => e.GetProperty("time").GetDateTimeOffset()).ToList();
        Assert.True(times.SequenceEqual(times.Order()), "The timeline is oldest first");
        Assert.All(events, e =>
        {
            Assert.False(string.IsNullOrEmpty(e.GetProperty("service").GetString()));
            Assert.False(string.IsNullOrEmpty(e.GetProperty("destination").GetString()));
        });
        var completed = events[types.IndexOf("TaskCompleted")];
        Assert.Equal("tasks", completed.GetProperty("service").GetString());
        Assert.Contains("Fake model answer", completed.GetProperty("summary").GetString());

        using var otherTenant = await fixture.Platform.CreateTenantClientAsync();
        await AssertNotFoundAsync(await otherTenant.GetAsync($"/v1/automation/tasks/{taskId}/events"));
        await AssertNotFoundAsync(await client.GetAsync($"/v1/automation/tasks/{Guid.NewGuid()}/events"));
    }

    /// <summary>The journal is written and indexed after the fact: wait until it holds <paramref name="lastType"/>.</summary>
    private static async Task<JsonElement> WaitForTimelineAsync(HttpClient client, string taskId, string lastType)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonElement timeline;
        do
        {
            timeline = await client.GetFromJsonAsync<JsonElement>($"/v1/automation/tasks/{taskId}/events");
            if (timeline.GetProperty("events").EnumerateArray().Any(e => e.GetProperty("type").GetString() == lastType))
                return timeline;
            await Task.Delay(250);
        } while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"The timeline of {taskId} never held {lastType}: {timeline}");
    }

    private static async Task AssertNotFoundAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
