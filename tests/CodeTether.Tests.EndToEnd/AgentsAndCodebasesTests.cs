using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodeTether.Testing;

namespace CodeTether.Tests.EndToEnd;

/// <summary>
/// The registry and routing through the gateway: agents and their models and codebases, registering a codebase, tasks
/// for a named agent or a codebase running on that agent's worker, the deadline, and workers going offline.
/// </summary>
[Collection(PlatformCollection.Name)]
public class AgentsAndCodebasesTests(PlatformFixture fixture)
{
    private Platform Platform => fixture.Platform;

    [Fact]
    public async Task The_platform_worker_is_an_online_agent_with_its_models_and_codebase()
    {
        using var client = await Platform.CreateTenantClientAsync();

        var agents = await client.GetFromJsonAsync<JsonElement>("/v1/agents?name=CODETETHER-WORK");
        var agent = Assert.Single(agents.GetProperty("agents").EnumerateArray(), a => a.GetProperty("name").GetString() == Platform.AgentName);
        Assert.Equal("online", agent.GetProperty("status").GetString());
        Assert.Contains("openai:gpt-4o", agent.GetProperty("models_supported").GetString()!.Split(','));
        Assert.True(agent.GetProperty("workers").GetInt32() >= 1, agent.ToString());
        Assert.True(agent.GetProperty("capacity").GetInt32() >= 32, agent.ToString());
        foreach (var field in new[] { "description", "url", "streaming", "last_seen" })
            Assert.True(agent.TryGetProperty(field, out _), $"No {field}: {agent}");

        var codebase = Assert.Single((await client.GetFromJsonAsync<JsonElement>($"/v1/codebases?name={Platform.CodebaseName}"))
            .GetProperty("codebases").EnumerateArray());
        Assert.Equal(Platform.AgentName, codebase.GetProperty("worker").GetString());
        Assert.Equal("online", codebase.GetProperty("status").GetString());
        Assert.Equal(Path.Combine(Platform.CodebaseRoot, Platform.CodebaseName), codebase.GetProperty("path").GetString());

        var openAi = (await client.GetFromJsonAsync<JsonElement>("/v1/models?provider=openai")).GetProperty("models").EnumerateArray().ToList();
        var gpt4o = Assert.Single(openAi, m => m.GetProperty("name").GetString() == "gpt-4o");
        Assert.Equal("openai:gpt-4o", gpt4o.GetProperty("model_ref").GetString());
        Assert.True(gpt4o.GetProperty("workers_available").GetInt32() >= 1, gpt4o.ToString());
        var sonnet = Assert.Single((await client.GetFromJsonAsync<JsonElement>("/v1/models?search=sonnet")).GetProperty("models").EnumerateArray());
        Assert.Equal(("anthropic", 0), (sonnet.GetProperty("provider").GetString(), sonnet.GetProperty("workers_available").GetInt32()));
    }

    [Fact]
    public async Task A_registered_directory_is_found_by_name_and_a_missing_one_is_refused()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var name = $"registered-{Guid.NewGuid():N}";
        var directory = Directory.CreateDirectory(Path.Combine(Platform.CodebaseRoot, name)).FullName;

        using var created = await client.PostAsJsonAsync("/v1/codebases", new { name, path = directory, agent_name = Platform.AgentName, test_command = "make test" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var codebase = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = codebase.GetProperty("id").GetString()!;
        Assert.Equal($"/v1/codebases/{id}", created.Headers.Location?.ToString());
        var found = Assert.Single((await client.GetFromJsonAsync<JsonElement>($"/v1/codebases?name={name.ToUpperInvariant()}")).GetProperty("codebases").EnumerateArray());
        Assert.Equal((id, directory, Platform.AgentName, "online"), (found.GetProperty("id").GetString(), found.GetProperty("path").GetString(),
            found.GetProperty("worker").GetString(), found.GetProperty("status").GetString()));
        var read = await client.GetFromJsonAsync<JsonElement>($"/v1/codebases/{id}");
        Assert.Equal((name, "make test"), (read.GetProperty("name").GetString(), read.GetProperty("test_command").GetString()));
        Assert.Equal("make test", codebase.GetProperty("test_command").GetString());

        using var missing = await client.PostAsJsonAsync("/v1/codebases", new { path = Path.Combine(Platform.CodebaseRoot, $"missing-{Guid.NewGuid():N}"), agent_name = Platform.AgentName });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        Assert.Contains("There is no directory", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        using var readOnly = await Platform.CreateTenantClientAsync(scopes: "codebases:read agents:read");
        using var refused = await readOnly.PostAsJsonAsync("/v1/codebases", new { path = directory, agent_name = Platform.AgentName });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Tasks_sent_to_a_named_agent_or_for_its_codebase_run_on_that_agents_worker()
    {
        var agentName = $"e2e-reviewer-{Guid.NewGuid():N}"[..24];
        var codebaseName = $"{agentName}-repo";
        var worker = await Platform.StartWorkerAsync(agentName, new Dictionary<string, string>
        {
            ["Worker__Description"] = "Reviews pull requests.",
            ["Worker__Codebases__0__Name"] = codebaseName,
            ["Worker__Codebases__0__Path"] = Directory.CreateDirectory(Path.Combine(Platform.CodebaseRoot, codebaseName)).FullName,
        });
        using var client = await Platform.CreateTenantClientAsync();
        var agent = await client.WaitForAgentAsync(agentName, "online");
        Assert.Equal("Reviews pull requests.", agent.GetProperty("description").GetString());

        using var sent = await client.PostAsJsonAsync("/v1/agents/send", new
        {
            agent_name = agentName, message = $"Review PR #42 {Guid.NewGuid()}\nIt adds a cache.", model = "gpt-4o", deadline_seconds = 600, priority = 3,
        });
        var answer = await sent.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(sent.StatusCode == HttpStatusCode.Created, $"{(int)sent.StatusCode}: {answer}");
        var sentTaskId = answer.GetProperty("task_id").GetString()!;
        Assert.Equal(agentName, answer.GetProperty("agent_name").GetString());
        Assert.Equal($"/v1/automation/tasks/{sentTaskId}", sent.Headers.Location?.ToString());
        var completed = await client.WaitForStatusAsync(sentTaskId, "completed");
        Assert.StartsWith("Review PR #42", completed.GetProperty("title").GetString());
        Assert.Equal((agentName, 600), (completed.GetProperty("agent_name").GetString(), completed.GetProperty("deadline_seconds").GetInt32()));
        await AssertRanOnAsync(client, sentTaskId, worker);

        var codebaseId = Assert.Single((await client.GetFromJsonAsync<JsonElement>($"/v1/codebases?name={codebaseName}")).GetProperty("codebases")
            .EnumerateArray()).GetProperty("id").GetString()!;
        var created = await client.CreateTaskAsync(new { title = "Explain the repository", model = "gpt-4o", codebase_id = codebaseId });
        var codebaseTask = await client.WaitForStatusAsync(created.GetProperty("task_id").GetString()!, "completed");
        Assert.Equal((codebaseId, agentName), (codebaseTask.GetProperty("codebase_id").GetString(), codebaseTask.GetProperty("agent_name").GetString()));
        await AssertRanOnAsync(client, codebaseTask.GetProperty("task_id").GetString()!, worker);

        // A task for the pool is the pool's only: the agent's own queue does not get a copy of it.
        var poolPrompt = $"Any worker will do {Guid.NewGuid()}";
        Platform.Model.Hold(poolPrompt);
        var poolTask = (await client.CreateTaskAsync(new { title = "Pool task", description = poolPrompt, model = "gpt-4o" })).GetProperty("task_id").GetString()!;
        await TaskApi.WaitUntilAsync(() => Platform.Model.RequestsContaining(poolPrompt) > 0, "the pool task's model call arrives");
        Platform.Model.Release(poolPrompt);
        await client.WaitForStatusAsync(poolTask, "completed");
        Assert.Equal(1, Platform.Model.RequestsContaining(poolPrompt));

        using var elsewhere = await client.PostAsJsonAsync("/v1/agents/send", new { agent_name = Platform.AgentName, message = "Hello", codebase_id = codebaseId });
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.Contains($"belongs to agent '{agentName}'",
            (await elsewhere.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("codebase_id")[0].GetString());
    }

    [Fact]
    public async Task A_task_for_an_agent_that_does_not_start_it_in_time_fails_with_the_deadline_in_its_error()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var agentName = $"nobody-{Guid.NewGuid():N}"[..20];

        using var sent = await client.PostAsJsonAsync("/v1/agents/send", new { agent_name = agentName, message = "Anyone there?", deadline_seconds = 3 });

        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var taskId = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("task_id").GetString()!;
        var failed = await client.WaitForStatusAsync(taskId, "failed", pollEvery: TimeSpan.FromSeconds(1));
        Assert.Equal($"Agent '{agentName}' did not start the task within 3 seconds.", failed.GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("started_at").ValueKind);
    }

    [Fact]
    public async Task Sending_and_task_creation_refuse_what_they_cannot_route()
    {
        using var client = await Platform.CreateTenantClientAsync();

        using var unknownCodebase = await client.PostAsJsonAsync("/v1/automation/tasks", new { title = "Fix it", codebase_id = "cb-42" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownCodebase.StatusCode);
        Assert.Contains("Unknown codebase 'cb-42'",
            (await unknownCodebase.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("codebase_id")[0].GetString());

        using var invalid = await client.PostAsJsonAsync("/v1/agents/send", new { agent_name = "Not Valid", deadline_seconds = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["agent_name", "deadline_seconds", "message"], errors.EnumerateObject().Select(e => e.Name).Order());
    }

    [Fact]
    public async Task A_stopped_worker_is_offline_and_a_killed_one_goes_offline_when_its_heartbeats_lapse()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var stoppedName = $"e2e-stopped-{Guid.NewGuid():N}"[..22];
        var killedName = $"e2e-killed-{Guid.NewGuid():N}"[..22];
        var stopped = await Platform.StartWorkerAsync(stoppedName);
        var killed = await Platform.StartWorkerAsync(killedName);
        await client.WaitForAgentAsync(stoppedName, "online");
        await client.WaitForAgentAsync(killedName, "online");

        await stopped.StopAsync(TimeSpan.FromSeconds(60));
        await killed.KillAsync();

        Assert.Equal(0, (await client.WaitForAgentAsync(stoppedName, "offline")).GetProperty("workers").GetInt32());
        Assert.Equal(0, (await client.WaitForAgentAsync(killedName, "offline")).GetProperty("workers").GetInt32());
    }

    /// <summary>The worker's report that it started the task names the worker (in the task's timeline, written after the fact).</summary>
    private static async Task AssertRanOnAsync(HttpClient client, string taskId, ServiceProcess worker)
    {
        var workerId = worker.Environment["Worker__Id"];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        List<string?> starts;
        do
        {
            var timeline = await client.GetFromJsonAsync<JsonElement>($"/v1/automation/tasks/{taskId}/events");
            starts = [.. timeline.GetProperty("events").EnumerateArray()
                .Where(e => e.GetProperty("type").GetString() == "TaskRunStarted")
                .Select(e => e.GetProperty("summary").GetString())];
            if (starts.Count > 0)
                break;
            await Task.Delay(250);
        } while (DateTime.UtcNow < deadline);
        Assert.Contains(starts, summary => summary?.Contains($"workerId={workerId}") == true);
    }
}
