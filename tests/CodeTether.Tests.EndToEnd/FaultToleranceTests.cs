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
    public async Task A_worker_killed_during_a_model_call_leaves_the_task_to_the_next_worker()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var (taskId, prompt) = await StartTaskHeldInTheModelAsync(client);

        await Platform["workers"].KillAsync();
        Platform.Model.Release(prompt);
        await Platform.RestartAsync("workers");

        var completed = await client.WaitForStatusAsync(taskId, "completed");
        Assert.Equal($"Fake model answer to: {prompt}", completed.GetProperty("result").GetString());
        Assert.Equal(2, Platform.Model.Requests.Count(r => r.ToJsonString().Contains(prompt)));
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
