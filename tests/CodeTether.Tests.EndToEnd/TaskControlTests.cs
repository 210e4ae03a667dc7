using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodeTether.Testing;

namespace CodeTether.Tests.EndToEnd;

/// <summary>Cancelling, answering the agent, and the plans' concurrency limits, through the gateway.</summary>
[Collection(PlatformCollection.Name)]
public class TaskControlTests(PlatformFixture fixture)
{
    private static readonly TimeSpan FreePlanPolling = TimeSpan.FromSeconds(1);
    private Platform Platform => fixture.Platform;

    [Fact]
    public async Task Cancelling_a_running_task_stops_its_model_call_and_a_second_cancel_is_a_409()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var prompt = $"Refactor the billing module {Guid.NewGuid()}.";
        Platform.Model.Hold(prompt);
        try
        {
            var taskId = (await client.CreateTaskAsync(new { title = "Refactor", description = prompt, model = "gpt-4o" })).GetProperty("task_id").GetString()!;
            await client.WaitForStatusAsync(taskId, "running");
            await TaskApi.WaitUntilAsync(() => Platform.Model.RequestsContaining(prompt) == 1, "the model call is in progress");

            using var cancel = await client.DeleteAsync($"/v1/automation/tasks/{taskId}");
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
            var cancelled = await cancel.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
            Assert.NotEqual(JsonValueKind.Null, cancelled.GetProperty("completed_at").ValueKind);

            await TaskApi.WaitUntilAsync(() => Platform.Model.Aborted.Contains(prompt), "the worker aborts the model call");
            Assert.Equal("cancelled", (await client.GetTaskAsync(taskId)).GetProperty("status").GetString());

            using var again = await client.DeleteAsync($"/v1/automation/tasks/{taskId}");
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
            Assert.Contains("already cancelled", await again.Content.ReadAsStringAsync());
        }
        finally
        {
            Platform.Model.Release(prompt);
        }
    }

    [Fact]
    public async Task A_task_unfinished_after_its_timeout_fails_saying_so_and_its_model_call_is_stopped()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var prompt = $"Migrate the whole database {Guid.NewGuid()}.";
        Platform.Model.Hold(prompt);
        try
        {
            var taskId = (await client.CreateTaskAsync(new { title = "Slow", description = prompt, model = "gpt-4o", timeout_seconds = 2 }))
                .GetProperty("task_id").GetString()!;

            var failed = await client.WaitForStatusAsync(taskId, "failed");
            Assert.Equal("The task did not finish within its timeout of 2 seconds.", failed.GetProperty("error").GetString());
            await TaskApi.WaitUntilAsync(() => Platform.Model.Aborted.Contains(prompt), "the worker aborts the model call");
        }
        finally
        {
            Platform.Model.Release(prompt);
        }
    }

    [Fact]
    public async Task An_agent_that_asks_a_question_waits_for_the_answer_then_continues_with_it()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var prompt = $"Deploy the service {Guid.NewGuid()}.";
        Platform.Model.Ask = messages => messages.Count == 2 && messages[1]!["content"]!.ToString() == prompt ? "Which environment?" : null;

        var taskId = (await client.CreateTaskAsync(new { title = "Deploy", description = prompt, model = "gpt-4o" })).GetProperty("task_id").GetString()!;
        var waiting = await client.WaitForStatusAsync(taskId, "needs_input");
        Assert.Equal("Which environment?", waiting.GetProperty("question").GetString());

        using var answered = await client.PostAsJsonAsync($"/v1/automation/tasks/{taskId}/input", new { input = "staging" });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal("running", (await answered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var completed = await client.WaitForStatusAsync(taskId, "completed");
        Assert.Equal("Fake model answer to: staging", completed.GetProperty("result").GetString());
        Assert.Equal(JsonValueKind.Null, completed.GetProperty("question").ValueKind);
        var resumed = Platform.Model.Requests.Last(r => r.ToJsonString().Contains(prompt))["messages"]!.AsArray();
        Assert.Equal(["system", "user", "assistant", "user"], resumed.Select(m => m!["role"]!.ToString()));
        Assert.Equal("Which environment?", resumed[2]!["content"]!.ToString());

        using var late = await client.PostAsJsonAsync($"/v1/automation/tasks/{taskId}/input", new { input = "production" });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        using var empty = await client.PostAsJsonAsync($"/v1/automation/tasks/{taskId}/input", new { input = " " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Fact]
    public async Task A_free_tenant_runs_five_tasks_at_once_and_its_backlog_does_not_delay_another_tenant()
    {
        using var busy = await Platform.CreateTenantClientAsync(plan: "free");
        using var other = await Platform.CreateTenantClientAsync(plan: "free");
        var marker = $"backlog {Guid.NewGuid()}";
        Platform.Model.Hold(marker);
        try
        {
            for (var i = 0; i < 7; i++)
                await busy.CreateTaskAsync(new { title = $"Busy {i}", description = $"{marker} item {i}", model = "gpt-4o" });
            await TaskApi.WaitUntilAsync(() => Platform.Model.RequestsContaining(marker) == 5, "five of the seven tasks run");

            var otherTask = (await other.CreateTaskAsync(new { title = "Other tenant", model = "gpt-4o" })).GetProperty("task_id").GetString()!;
            await other.WaitForStatusAsync(otherTask, "completed", pollEvery: FreePlanPolling);

            Assert.Equal(5, Platform.Model.RequestsContaining(marker));
            Assert.Equal(5, await CountAsync(busy, "running"));
            Assert.Equal(2, await CountAsync(busy, "pending"));
        }
        finally
        {
            Platform.Model.Release(marker);
        }

        await TaskApi.WaitUntilAsync(() => Platform.Model.RequestsContaining(marker) == 7, "the two waiting tasks run once slots free");
    }

    [Fact]
    public async Task A_freed_slot_goes_to_the_most_urgent_waiting_task()
    {
        using var client = await Platform.CreateTenantClientAsync(plan: "free");
        var run = Guid.NewGuid();
        var holders = Enumerable.Range(0, 5).Select(i => $"slot {i} {run}").ToList();
        string low = $"low {run}", high = $"high {run}";
        List<string> all = [.. holders, low, high];
        all.ForEach(Platform.Model.Hold);
        try
        {
            foreach (var holder in holders)
                await client.CreateTaskAsync(new { title = "Holder", description = holder, model = "gpt-4o" });
            await TaskApi.WaitUntilAsync(() => holders.All(h => Platform.Model.RequestsContaining(h) == 1), "five tasks hold the slots");
            var lowTask = (await client.CreateTaskAsync(new { title = "Low", description = low, priority = 1, model = "gpt-4o" })).GetProperty("task_id").GetString()!;
            await client.CreateTaskAsync(new { title = "High", description = high, priority = 5, model = "gpt-4o" });

            Platform.Model.Release(holders[0]);
            await TaskApi.WaitUntilAsync(() => Platform.Model.RequestsContaining(high) == 1, "the urgent task takes the freed slot");

            Assert.Equal(0, Platform.Model.RequestsContaining(low));
            Assert.Equal("queued", (await client.GetTaskAsync(lowTask)).GetProperty("status").GetString());
        }
        finally
        {
            all.ForEach(Platform.Model.Release);
        }
    }

    private static async Task<int> CountAsync(HttpClient client, string status) =>
        (await client.GetFromJsonAsync<JsonElement>($"/v1/automation/tasks?status={status}")).GetProperty("total").GetInt32();
}
