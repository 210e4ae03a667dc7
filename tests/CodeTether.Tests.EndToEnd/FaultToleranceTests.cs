using System.Net.Http.Json;
using System.Text.Json;
using CodeTether.Testing;

namespace CodeTether.Tests.EndToEnd;

/// <summary>A service killed in the middle of a task's life loses nothing and completes the task once.</summary>
[Collection(PlatformCollection.Name)]
public class FaultToleranceTests(PlatformFixture fixture)
{
    private Platform Platform => fixture.Platform;

    [Fact]
    public async Task Restarting_the_tasks_service_while_a_task_runs_loses_nothing()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var (taskId, prompt) = await StartTaskHeldInTheModelAsync(client);
        try
        {
            await client.WaitForStatusAsync(taskId, "running");
            await Platform.RestartAsync("tasks");
        }
        finally
        {
            Platform.Model.Release(prompt);
        }

        var completed = await client.WaitForStatusAsync(taskId, "completed");
        Assert.Equal($"Fake model answer to: {prompt}", completed.GetProperty("result").GetString());
    }

    [Fact]
    public async Task A_worker_killed_during_a_model_call_leaves_the_task_to_another_worker_that_completes_it_once()
    {
        using var client = await Platform.CreateTenantClientAsync();
        // Sent to the platform's agent, so that its worker holds it: a pool task may go to any agent's worker a test started.
        var (taskId, prompt) = await SendHeldInTheModelAsync(client, Platform.AgentName, "Summarise the incident report");
        var second = await Platform.StartWorkerAsync(Platform.AgentName);
        try
        {
            await Platform["workers"].KillAsync();
            Platform.Model.Release(prompt);

            var completed = await client.WaitForStatusAsync(taskId, "completed");
            Assert.Equal($"Fake model answer to: {prompt}", completed.GetProperty("result").GetString());
            Assert.Equal(2, Platform.Model.RequestsContaining(prompt));
            var events = await WaitForEventAsync(client, taskId, "TaskCompleted");
            Assert.Single(events, type => type == "TaskCompleted");
            Assert.Single(events, type => type == "TaskRunSucceeded");
        }
        finally
        {
            await second.StopAsync(TimeSpan.FromSeconds(60));
            await Platform.RestartAsync("workers");
        }
    }

    [Fact]
    public async Task A_worker_stopping_gracefully_takes_no_new_task_finishes_what_it_can_and_hands_back_the_rest()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var agent = $"e2e-drain-{Guid.NewGuid():N}"[..20];
        var drain = new Dictionary<string, string> { ["Worker__DrainTimeout"] = "00:00:05" };
        var stopping = await Platform.StartWorkerAsync(agent, new Dictionary<string, string>(drain) { ["Worker__Id"] = $"{agent}-a" });
        await client.WaitForAgentAsync(agent, "online");
        var finishes = await SendHeldInTheModelAsync(client, agent, "Finish within the drain");
        var handedBack = await SendHeldInTheModelAsync(client, agent, "Outlast the drain");

        var stopped = stopping.StopAsync(TimeSpan.FromSeconds(60));
        await client.WaitForAgentAsync(agent, "offline");
        var waiting = await SendAsync(client, agent, $"Sent while the worker stops {Guid.NewGuid()}");
        Platform.Model.Release(finishes.Prompt);
        await stopped;

        Assert.Equal($"Fake model answer to: {finishes.Prompt}", (await client.WaitForStatusAsync(finishes.TaskId, "completed")).GetProperty("result").GetString());
        Assert.Equal("running", (await client.GetTaskAsync(handedBack.TaskId)).GetProperty("status").GetString());
        Assert.Equal("queued", (await client.GetTaskAsync(waiting.TaskId)).GetProperty("status").GetString());
        Assert.Equal(0, Platform.Model.RequestsContaining(waiting.Prompt));

        Platform.Model.Release(handedBack.Prompt);
        var next = await Platform.StartWorkerAsync(agent, new Dictionary<string, string>(drain) { ["Worker__Id"] = $"{agent}-b" });
        try
        {
            await client.WaitForStatusAsync(handedBack.TaskId, "completed");
            await client.WaitForStatusAsync(waiting.TaskId, "completed");
            Assert.Equal(1, Platform.Model.RequestsContaining(finishes.Prompt));
            Assert.Equal(2, Platform.Model.RequestsContaining(handedBack.Prompt));
            Assert.Equal(1, Platform.Model.RequestsContaining(waiting.Prompt));
            var events = await WaitForEventAsync(client, handedBack.TaskId, "TaskCompleted");
            Assert.Single(events, type => type == "TaskCompleted");
            Assert.DoesNotContain("TaskRunFailed", events);
        }
        finally
        {
            await next.StopAsync(TimeSpan.FromSeconds(60));
        }
    }

    /// <summary>The types on the task's timeline once <paramref name="type"/> is among them (the journal is indexed shortly after).</summary>
    private static async Task<List<string>> WaitForEventAsync(HttpClient client, string taskId, string type)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var timeline = await client.GetFromJsonAsync<JsonElement>($"/v1/automation/tasks/{taskId}/events");
            List<string> types = [.. timeline.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()!)];
            if (types.Contains(type))
                return types;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The timeline of task {taskId} never showed {type}: {string.Join(", ", types)}");
            await Task.Delay(500);
        }
    }

    private async Task<(string TaskId, string Prompt)> SendHeldInTheModelAsync(HttpClient client, string agent, string what)
    {
        var prompt = $"{what} {Guid.NewGuid()}.";
        Platform.Model.Hold(prompt);
        var sent = await SendAsync(client, agent, prompt);
        await TaskApi.WaitUntilAsync(() => Platform.Model.RequestsContaining(prompt) > 0, "the model call arrives");
        return sent;
    }

    private static async Task<(string TaskId, string Prompt)> SendAsync(HttpClient client, string agent, string prompt)
    {
        using var sent = await client.PostAsJsonAsync("/v1/agents/send", new { agent_name = agent, message = prompt, model = "gpt-4o" });
        var answer = await sent.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(sent.IsSuccessStatusCode, $"{(int)sent.StatusCode}: {answer}");
        return (answer.GetProperty("task_id").GetString()!, prompt);
    }

    private async Task<(string TaskId, string Prompt)> StartTaskHeldInTheModelAsync(HttpClient client)
    {
        var prompt = $"Summarise the incident report {Guid.NewGuid()}.";
        Platform.Model.Hold(prompt);
        var created = await client.CreateTaskAsync(new { title = "Incident summary", description = prompt, model = "gpt-4o" });
        await TaskApi.WaitUntilAsync(() => Platform.Model.RequestsContaining(prompt) > 0, "the model call arrives");
        return (created.GetProperty("task_id").GetString()!, prompt);
    }
}
