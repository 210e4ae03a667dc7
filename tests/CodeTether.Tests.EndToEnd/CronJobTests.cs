using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodeTether.Testing;

namespace CodeTether.Tests.EndToEnd;

/// <summary>The Zapier document's "Create Cron Job", through the gateway: a schedule that creates real tasks.</summary>
[Collection(PlatformCollection.Name)]
public class CronJobTests(PlatformFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private Platform Platform => fixture.Platform;

    [Fact]
    public async Task A_cron_job_creates_tasks_that_complete_until_it_is_disabled_and_runs_once_more_when_triggered()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var marker = Guid.NewGuid().ToString("N");

        using var response = await client.PostAsJsonAsync("/v1/cronjobs", new
        {
            name = "Every two seconds",
            cron_expression = "*/2 * * * * *",
            description = "End-to-end test job",
            task_template = new { title = $"Cron {marker}", description = $"Say hello ({marker})", model = "simulator" },
        });
        var job = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {job}");
        var id = job.GetProperty("id").GetString()!;
        Assert.Equal(id, job.GetProperty("cronjob_id").GetString());
        Assert.Equal($"/v1/cronjobs/{id}", response.Headers.Location?.ToString());
        Assert.Equal("UTC", job.GetProperty("timezone").GetString());
        Assert.True(job.GetProperty("enabled").GetBoolean());
        Assert.EndsWith("Z", job.GetProperty("next_fire_at").GetString());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("last_run").ValueKind);
        Assert.Equal("simulator", job.GetProperty("task_template").GetProperty("model").GetString());

        // Real tasks, created by the scheduler, run by a worker, completed by the saga; their outcome reaches the runs.
        var runs = await WaitForRunsAsync(client, id, r => r.Count(x => x.GetProperty("status").GetString() == "completed") >= 2);
        foreach (var run in runs.Where(r => r.GetProperty("status").GetString() == "completed"))
        {
            var task = await client.GetTaskAsync(run.GetProperty("task_id").GetString()!);
            Assert.Equal("completed", task.GetProperty("status").GetString());
            Assert.Equal($"Cron {marker}", task.GetProperty("title").GetString());
            Assert.Equal("simulator", task.GetProperty("model").GetString());
            Assert.Contains(marker, task.GetProperty("result").GetString());
            Assert.Equal("schedule", run.GetProperty("trigger").GetString());
        }
        Assert.Equal(runs.Count, runs.Select(r => r.GetProperty("occurrence").GetString()).Distinct().Count());

        var shown = await client.GetFromJsonAsync<JsonElement>($"/v1/cronjobs/{id}");
        Assert.NotEqual(JsonValueKind.Null, shown.GetProperty("last_run").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, shown.GetProperty("next_fire_at").ValueKind);

        // Disabled: no more runs, and no more tasks than runs.
        var disabled = await PostAsync(client, $"/v1/cronjobs/{id}/disable", HttpStatusCode.OK);
        Assert.False(disabled.GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, disabled.GetProperty("next_fire_at").ValueKind);
        var total = (await client.GetFromJsonAsync<JsonElement>($"/v1/cronjobs/{id}/runs")).GetProperty("total").GetInt32();
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Equal(total, (await client.GetFromJsonAsync<JsonElement>($"/v1/cronjobs/{id}/runs")).GetProperty("total").GetInt32());
        await WaitForAsync(async () => (await client.GetFromJsonAsync<JsonElement>("/v1/automation/tasks?limit=100")).GetProperty("total").GetInt32() == total,
            "every run's task exists, and no other");

        // Run now, while disabled: one more task.
        var triggered = await PostAsync(client, $"/v1/cronjobs/{id}/trigger", HttpStatusCode.Accepted);
        Assert.Equal("manual", triggered.GetProperty("trigger").GetString());
        var manualTask = triggered.GetProperty("task_id").GetString()!;
        // The task is created asynchronously (SubmitTask through the outbox): follow the run, then read the task.
        runs = await WaitForRunsAsync(client, id, r => r.Any(x => x.GetProperty("task_id").GetString() == manualTask
                                                               && x.GetProperty("status").GetString() == "completed"));
        Assert.Equal("completed", (await client.GetTaskAsync(manualTask)).GetProperty("status").GetString());
        Assert.Equal(total + 1, runs.Count);
        var last = (await client.GetFromJsonAsync<JsonElement>($"/v1/cronjobs/{id}")).GetProperty("last_run");
        Assert.Equal(manualTask, last.GetProperty("task_id").GetString());
        Assert.Equal("completed", last.GetProperty("status").GetString());

        var list = await client.GetFromJsonAsync<JsonElement>("/v1/cronjobs");
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        Assert.Equal(id, list.GetProperty("cronjobs")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_text_template_in_a_time_zone_is_accepted_and_validation_shows_the_next_five_fire_times()
    {
        using var client = await Platform.CreateTenantClientAsync();

        var created = await PostAsync(client, "/v1/cronjobs", new
        {
            name = "Daily Code Review",
            cron_expression = "0 9 * * 1-5",
            task_template = "Review all PRs merged in the last 24 hours",
            timezone = "America/New_York",
            enabled = false,
        }, HttpStatusCode.Created);
        Assert.Equal("Review all PRs merged in the last 24 hours", created.GetProperty("task_template").GetString());
        Assert.False(created.GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("next_fire_at").ValueKind);

        var enabled = await PostAsync(client, $"/v1/cronjobs/{created.GetProperty("id").GetString()}/enable", HttpStatusCode.OK);
        var next = DateTimeOffset.Parse(enabled.GetProperty("next_fire_at").GetString()!);
        Assert.Contains(next.Hour, new[] { 13, 14 });   // 09:00 in New York, in UTC

        var validation = await PostAsync(client, "/v1/cronjobs/validate", new { cron_expression = "0 9 * * 1-5", timezone = "America/New_York" }, HttpStatusCode.OK);
        Assert.Equal(5, validation.GetProperty("next_fire_times").GetArrayLength());
        Assert.All(validation.GetProperty("next_fire_times_local").EnumerateArray(), t => Assert.Contains("T09:00:00-0", t.GetString()));
    }

    [Theory]
    [InlineData("0 9 * *", "UTC", "cron_expression")]
    [InlineData("0 25 * * *", "UTC", "cron_expression")]
    [InlineData("0 9 * * *", "Atlantis/Capital", "timezone")]
    public async Task A_bad_expression_or_time_zone_gets_400_problem_details_naming_the_field(string expression, string zone, string field)
    {
        using var client = await Platform.CreateTenantClientAsync();

        foreach (var path in new[] { "/v1/cronjobs", "/v1/cronjobs/validate" })
        {
            using var response = await client.PostAsJsonAsync(path, new { name = "Bad", cron_expression = expression, timezone = zone, task_template = "Hello" });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            var message = Assert.Single(problem.GetProperty("errors").GetProperty(field).EnumerateArray()).GetString()!;
            Assert.Contains(field == "timezone" ? zone : expression, message);
        }
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/v1/cronjobs")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Another_tenants_job_is_not_found()
    {
        using var owner = await Platform.CreateTenantClientAsync();
        using var stranger = await Platform.CreateTenantClientAsync();
        var job = await PostAsync(owner, "/v1/cronjobs", new { name = "Mine", cron_expression = "0 0 1 1 *", task_template = "Hello" }, HttpStatusCode.Created);
        var id = job.GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/v1/cronjobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/v1/cronjobs/{id}/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/v1/cronjobs/{id}/trigger", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PutAsJsonAsync($"/v1/cronjobs/{id}", new { name = "Theirs" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync($"/v1/cronjobs/{id}")).StatusCode);
        Assert.Equal(0, (await stranger.GetFromJsonAsync<JsonElement>("/v1/cronjobs")).GetProperty("total").GetInt32());

        var renamed = await owner.PutAsJsonAsync($"/v1/cronjobs/{id}", new { name = "Still mine" });
        Assert.Equal("Still mine", (await renamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/v1/cronjobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/v1/cronjobs/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_key_without_the_cronjobs_scope_gets_403_problem_details()
    {
        using var client = await Platform.CreateTenantClientAsync(scopes: "tasks:read tasks:write");

        foreach (var response in new[]
                 {
                     await client.GetAsync("/v1/cronjobs"),
                     await client.PostAsJsonAsync("/v1/cronjobs", new { name = "No", cron_expression = "* * * * *", task_template = "Hello" }),
                 })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("cronjobs:write", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, HttpStatusCode expected) =>
        await PostAsync(client, path, null, expected);

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object? body, HttpStatusCode expected)
    {
        using var response = body is null ? await client.PostAsync(path, null) : await client.PostAsJsonAsync(path, body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode}: {json}");
        return json;
    }

    private static async Task<List<JsonElement>> WaitForRunsAsync(HttpClient client, string id, Func<List<JsonElement>, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        List<JsonElement> runs;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/v1/cronjobs/{id}/runs?limit=100");
            runs = page.GetProperty("runs").EnumerateArray().ToList();
            if (condition(runs))
                return runs;
            await Task.Delay(250);
        } while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Cron job {id}'s runs did not get there: {JsonSerializer.Serialize(runs)}");
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Still not true: {what}");
            await Task.Delay(250);
        }
    }
}
