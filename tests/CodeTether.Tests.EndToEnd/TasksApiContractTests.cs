using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CodeTether.Testing;

namespace CodeTether.Tests.EndToEnd;

/// <summary>
/// <c>/v1/automation/tasks</c> exactly as the n8n and Zapier documents (and issue 4) describe it, through the gateway:
/// every field, default, limit, alias and error.
/// </summary>
[Collection(PlatformCollection.Name)]
public class TasksApiContractTests(PlatformFixture fixture)
{
    private Platform Platform => fixture.Platform;

    [Fact]
    public async Task A_task_with_every_field_is_created_and_read_back_with_each_of_them()
    {
        using var client = await Platform.CreateTenantClientAsync();

        using var response = await client.PostAsJsonAsync("/v1/automation/tasks", new
        {
            title = "Analyze customer feedback",
            description = "Summarise the reviews.",
            agent_type = "plan",
            model = "openai:gpt-4o",
            priority = 7,
            codebase_id = Platform.CodebaseId,
            webhook_url = "https://hooks.example.com/codetether",
            notify_email = "ops@example.com",
            timeout_seconds = 900,
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var taskId = created.GetProperty("task_id").GetString()!;
        Assert.Equal(["task_id", "run_id", "status", "title", "created_at"], created.EnumerateObject().Select(p => p.Name));
        Assert.Equal("queued", created.GetProperty("status").GetString());
        Assert.Equal($"/v1/automation/tasks/{taskId}", response.Headers.Location?.ToString());
        Assert.False(response.Headers.Contains("Idempotent-Replayed"));

        var task = await client.GetTaskAsync(taskId);
        Assert.Equal(taskId, task.GetProperty("task_id").GetString());
        Assert.Equal(created.GetProperty("run_id").GetString(), task.GetProperty("run_id").GetString());
        Assert.Contains(task.GetProperty("status").GetString(), new[] { "queued", "running", "completed" });
        Assert.Equal("Analyze customer feedback", task.GetProperty("title").GetString());
        Assert.Equal("Summarise the reviews.", task.GetProperty("description").GetString());
        Assert.Equal("plan", task.GetProperty("agent_type").GetString());
        Assert.Equal("openai:gpt-4o", task.GetProperty("model").GetString());
        Assert.Equal(7, task.GetProperty("priority").GetInt32());
        Assert.Equal(Platform.CodebaseId, task.GetProperty("codebase_id").GetString());
        Assert.Equal("https://hooks.example.com/codetether", task.GetProperty("webhook_url").GetString());
        Assert.Equal("ops@example.com", task.GetProperty("notify_email").GetString());
        Assert.Equal(900, task.GetProperty("timeout_seconds").GetInt32());
        Assert.Equal(created.GetProperty("created_at").GetString(), task.GetProperty("created_at").GetString());
        foreach (var field in new[] { "started_at", "completed_at", "runtime_seconds", "result_summary", "result", "error" })
            Assert.True(task.TryGetProperty(field, out _), $"GET has no {field}: {task}");

        var completed = await client.WaitForStatusAsync(taskId, "completed");
        Assert.Equal("Fake model answer to: Summarise the reviews.", completed.GetProperty("result").GetString());
        Assert.EndsWith("Z", completed.GetProperty("started_at").GetString());
        Assert.EndsWith("Z", completed.GetProperty("completed_at").GetString());
        Assert.True(completed.GetProperty("runtime_seconds").GetInt64() >= 0);
        Assert.Equal(JsonValueKind.Null, completed.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task A_task_with_only_a_title_gets_the_documented_defaults_and_its_title_is_the_prompt()
    {
        using var client = await Platform.CreateTenantClientAsync();

        var created = await client.CreateTaskAsync(new { title = "Say hello", model = "gpt-4o" });
        var task = await client.GetTaskAsync(created.GetProperty("task_id").GetString()!);

        Assert.Equal(JsonValueKind.Null, task.GetProperty("description").ValueKind);
        Assert.Equal("general", task.GetProperty("agent_type").GetString());
        Assert.Equal(0, task.GetProperty("priority").GetInt32());
        Assert.Equal(3600, task.GetProperty("timeout_seconds").GetInt32());
        Assert.Equal(JsonValueKind.Null, task.GetProperty("codebase_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, task.GetProperty("notify_email").ValueKind);

        var completed = await client.WaitForStatusAsync(created.GetProperty("task_id").GetString()!, "completed");
        Assert.Equal("Fake model answer to: Say hello", completed.GetProperty("result").GetString());

        var noModel = await client.GetTaskAsync((await client.CreateTaskAsync(new { title = "Default model" })).GetProperty("task_id").GetString()!);
        Assert.Equal("claude-sonnet-4", noModel.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Every_model_of_the_n8n_document_and_provider_references_are_accepted_and_unknown_fields_ignored()
    {
        using var client = await Platform.CreateTenantClientAsync();
        string[] models = ["claude-sonnet-4", "claude-opus", "claude-haiku", "gpt-4o", "gpt-4.1", "gemini-2.5-pro",
            "gemini-2.5-flash", "grok-3", "minimax-m2.1", "o3", "o3-mini", "simulator", "anthropic:claude-sonnet-4-20250514", "openrouter:meta/llama-3"];

        foreach (var model in models)
        {
            var created = await client.CreateTaskAsync(new { title = $"Model {model}", model, colour = "blue", nested = new { x = 1 } });
            Assert.Equal(model, (await client.GetTaskAsync(created.GetProperty("task_id").GetString()!)).GetProperty("model").GetString());
        }
    }

    [Fact]
    public async Task Out_of_range_and_unknown_values_get_400_naming_each_bad_field_and_create_nothing()
    {
        using var client = await Platform.CreateTenantClientAsync();

        var problem = await PostProblemAsync(client, new
        {
            title = new string('t', 201),
            agent_type = "wizard",
            model = "gpt-5-ultra",
            webhook_url = "ftp://example.com/hook",
            notify_email = "not an address",
            timeout_seconds = 86401,
        });
        Assert.Equal(["agent_type", "model", "notify_email", "timeout_seconds", "title", "webhook_url"], ErrorFields(problem));

        Assert.Equal(["title"], ErrorFields(await PostProblemAsync(client, new { description = "no title" })));
        Assert.Equal(["title"], ErrorFields(await PostProblemAsync(client, new { title = "   " })));
        Assert.Equal(["model"], ErrorFields(await PostProblemAsync(client, new { title = "t", model = "nowhere:model" })));
        Assert.Equal(["webhook_url"], ErrorFields(await PostProblemAsync(client, new { title = "t", webhook_url = "/relative/hook" })));
        Assert.Equal(["notify_email"], ErrorFields(await PostProblemAsync(client, new { title = "t", notify_email = "Ann <ann@example.com>" })));
        Assert.Equal(["timeout_seconds"], ErrorFields(await PostProblemAsync(client, new { title = "t", timeout_seconds = 0 })));

        Assert.Equal(201, (int)(await client.PostAsJsonAsync("/v1/automation/tasks", new { title = new string('t', 200), timeout_seconds = 10800 })).StatusCode);
        var list = await client.GetFromJsonAsync<JsonElement>("/v1/automation/tasks");
        Assert.Equal(1, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Wrong_json_types_get_400_naming_each_bad_field()
    {
        using var client = await Platform.CreateTenantClientAsync();

        var response = await client.PostAsync("/v1/automation/tasks", new StringContent(
            """{"title": 5, "priority": "high", "timeout_seconds": true, "agent_type": ["plan"], "model": "gpt-4o", "unknown": {}}""",
            Encoding.UTF8, "application/json"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["agent_type", "priority", "timeout_seconds", "title"], ErrorFields(problem));
        Assert.Contains("integer", problem.GetProperty("errors").GetProperty("priority")[0].GetString());

        var tooBig = await client.PostAsync("/v1/automation/tasks", new StringContent(
            """{"title": "t", "priority": 1.5}""", Encoding.UTF8, "application/json"));
        Assert.Equal(["priority"], ErrorFields(await AssertProblemAsync(tooBig, HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task An_unknown_or_another_tenants_task_is_404_problem_details()
    {
        using var owner = await Platform.CreateTenantClientAsync();
        using var stranger = await Platform.CreateTenantClientAsync();
        var taskId = (await owner.CreateTaskAsync(new { title = "Mine", model = "simulator" })).GetProperty("task_id").GetString();

        await AssertProblemAsync(await stranger.GetAsync($"/v1/automation/tasks/{taskId}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await owner.GetAsync($"/v1/automation/tasks/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        var list = await stranger.GetFromJsonAsync<JsonElement>("/v1/automation/tasks");
        Assert.Equal(0, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_list_filters_by_status_and_accepts_the_Zapier_aliases()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var completed = (await client.CreateTaskAsync(new { title = "Will complete", model = "simulator" })).GetProperty("task_id").GetString()!;
        var failed = (await client.CreateTaskAsync(new { title = "Will fail", model = "claude-sonnet-4" })).GetProperty("task_id").GetString()!;
        await client.WaitForStatusAsync(completed, "completed");
        await client.WaitForStatusAsync(failed, "failed");

        async Task<JsonElement> ListAsync(string query) => await client.GetFromJsonAsync<JsonElement>($"/v1/automation/tasks?{query}");

        var onlyCompleted = await ListAsync("status=completed");
        Assert.Equal(1, onlyCompleted.GetProperty("total").GetInt32());
        Assert.Equal(completed, Assert.Single(onlyCompleted.GetProperty("tasks").EnumerateArray()).GetProperty("task_id").GetString());
        Assert.Equal(failed, Assert.Single((await ListAsync("status=failed")).GetProperty("tasks").EnumerateArray()).GetProperty("task_id").GetString());
        foreach (var status in new[] { "queued", "pending", "running", "working" })
            Assert.Equal(0, (await ListAsync($"status={status}")).GetProperty("total").GetInt32());
        Assert.Equal(2, (await ListAsync("")).GetProperty("total").GetInt32());

        Assert.Equal(["status"], ErrorFields(await AssertProblemAsync(await client.GetAsync("/v1/automation/tasks?status=done"), HttpStatusCode.BadRequest)));
        Assert.Equal(["limit"], ErrorFields(await AssertProblemAsync(await client.GetAsync("/v1/automation/tasks?limit=0"), HttpStatusCode.BadRequest)));
        Assert.Equal(["limit"], ErrorFields(await AssertProblemAsync(await client.GetAsync("/v1/automation/tasks?limit=101"), HttpStatusCode.BadRequest)));
        var notANumber = await AssertProblemAsync(await client.GetAsync("/v1/automation/tasks?limit=ten"), HttpStatusCode.BadRequest);
        Assert.Contains("limit", notANumber.GetProperty("detail").GetString());
        Assert.Equal(["starting_after"], ErrorFields(await AssertProblemAsync(
            await client.GetAsync($"/v1/automation/tasks?starting_after={Guid.NewGuid()}"), HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task Paging_with_starting_after_walks_every_task_newest_first_once()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
            created.Add((await client.CreateTaskAsync(new { title = $"Task {i}", model = "simulator" })).GetProperty("task_id").GetString()!);

        var seen = new List<string>();
        var pages = 0;
        string? after = null;
        while (true)
        {
            var page = await client.GetFromJsonAsync<JsonElement>(
                "/v1/automation/tasks?limit=3" + (after is null ? "" : $"&starting_after={after}"));
            pages++;
            Assert.Equal(7, page.GetProperty("total").GetInt32());
            var ids = page.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("task_id").GetString()!).ToList();
            seen.AddRange(ids);
            if (!page.GetProperty("has_more").GetBoolean())
                break;
            after = ids[^1];
        }

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(created), seen);
        var everything = await client.GetFromJsonAsync<JsonElement>("/v1/automation/tasks?limit=100");
        Assert.False(everything.GetProperty("has_more").GetBoolean());
        Assert.Equal(7, everything.GetProperty("tasks").GetArrayLength());
    }

    [Fact]
    public async Task The_same_idempotency_key_and_body_replays_the_first_answer_and_another_body_is_422()
    {
        using var client = await Platform.CreateTenantClientAsync();
        using var otherTenant = await Platform.CreateTenantClientAsync();
        var key = $"my-unique-key-{Guid.NewGuid()}";
        var body = new { title = "Only once", model = "simulator", priority = 2 };

        using var first = await PostWithKeyAsync(client, key, body);
        using var retry = await PostWithKeyAsync(client, key, new { priority = 2, model = "simulator", title = "Only once", extra = "ignored" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());

        using var changed = await PostWithKeyAsync(client, key, new { title = "Something else", model = "simulator" });
        var problem = await AssertProblemAsync(changed, HttpStatusCode.UnprocessableEntity);
        Assert.Contains(key, problem.GetProperty("detail").GetString());

        using var invalid = await PostWithKeyAsync(client, key, new { title = "" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);

        using var elsewhere = await PostWithKeyAsync(otherTenant, key, body);
        Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
        Assert.False(elsewhere.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(first.Headers.Location, elsewhere.Headers.Location);

        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>("/v1/automation/tasks")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Twenty_concurrent_requests_with_one_idempotency_key_create_one_task()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var key = Guid.NewGuid().ToString();
        var body = new { title = "Raced", model = "simulator" };

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PostWithKeyAsync(client, key, body)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(responses.Select(r => r.Headers.Location).Distinct());
        Assert.Single(responses, r => !r.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>("/v1/automation/tasks")).GetProperty("total").GetInt32());
        foreach (var response in responses)
            response.Dispose();
    }

    [Fact]
    public async Task Me_says_whose_key_it_is_its_tenant_prefix_scopes_plan_and_rate_limit()
    {
        using var client = await Platform.CreateTenantClientAsync(plan: "free", scopes: "tasks:read tasks:write");

        var me = await client.GetFromJsonAsync<JsonElement>("/v1/automation/me");

        Assert.True(Guid.TryParse(me.GetProperty("tenant_id").GetString(), out _));
        Assert.StartsWith("e2e-", me.GetProperty("tenant_name").GetString());
        Assert.Equal("api_key", me.GetProperty("auth").GetString());
        Assert.Equal("e2e", me.GetProperty("key_name").GetString());
        Assert.StartsWith("ct_", me.GetProperty("key_prefix").GetString());
        Assert.StartsWith(me.GetProperty("key_prefix").GetString()!, client.DefaultRequestHeaders.Authorization!.Parameter);
        Assert.Equal(["tasks:read", "tasks:write"], me.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("free", me.GetProperty("plan").GetString());
        Assert.Equal(60, me.GetProperty("rate_limit").GetProperty("requests_per_minute").GetInt32());
    }

    private static async Task<HttpResponseMessage> PostWithKeyAsync(HttpClient client, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/automation/tasks") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> PostProblemAsync(HttpClient client, object body) =>
        await AssertProblemAsync(await client.PostAsJsonAsync("/v1/automation/tasks", body), HttpStatusCode.BadRequest);

    private static IEnumerable<string> ErrorFields(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal);

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {problem}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }
}
