using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CodeTether.Testing;

namespace CodeTether.Tests.EndToEnd;

/// <summary>The n8n document's "Method 2" flow, through the gateway only, with every service a process of its own.</summary>
[Collection(PlatformCollection.Name)]
public class TaskFlowTests(PlatformFixture fixture)
{
    private Platform Platform => fixture.Platform;

    private const string DocumentPrompt =
        "Read the attached CSV of customer reviews and produce a sentiment analysis report with key themes and recommended actions.";

    private static object DocumentBody(string model = "gpt-4o", string description = DocumentPrompt) => new
    {
        title = "Analyze customer feedback",
        description,
        agent_type = "general",
        model,
    };

    [Fact]
    public async Task A_task_is_queued_run_by_a_worker_through_the_model_provider_and_completed()
    {
        using var client = await Platform.CreateTenantClientAsync();

        var prompt = $"{DocumentPrompt} Reference {Guid.NewGuid()}.";
        using var response = await client.PostAsJsonAsync("/v1/automation/tasks", DocumentBody(description: prompt));
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var taskId = created.GetProperty("task_id").GetString()!;
        Assert.True(Guid.TryParse(created.GetProperty("run_id").GetString(), out _));
        Assert.Equal("queued", created.GetProperty("status").GetString());
        Assert.Equal("Analyze customer feedback", created.GetProperty("title").GetString());
        Assert.EndsWith("Z", created.GetProperty("created_at").GetString());
        Assert.Equal($"/v1/automation/tasks/{taskId}", response.Headers.Location?.ToString());

        var completed = await client.WaitForStatusAsync(taskId, "completed");
        var expected = $"Fake model answer to: {prompt}";
        Assert.Equal(expected, completed.GetProperty("result").GetString());
        Assert.Equal(expected, completed.GetProperty("result_summary").GetString());
        Assert.True(completed.GetProperty("runtime_seconds").GetInt64() >= 0);
        Assert.True(DateTimeOffset.Parse(completed.GetProperty("completed_at").GetString()!) >=
                    DateTimeOffset.Parse(created.GetProperty("created_at").GetString()!));

        var modelCall = Assert.Single(Platform.Model.Requests, r => r.ToJsonString().Contains(prompt));
        Assert.Equal("gpt-4o", (string?)modelCall["model"]);
    }

    [Fact]
    public async Task A_model_without_a_configured_provider_fails_the_task_saying_what_to_configure()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var created = await client.CreateTaskAsync(DocumentBody(model: "claude-sonnet-4"));

        var failed = await client.WaitForStatusAsync(created.GetProperty("task_id").GetString()!, "failed");

        var error = failed.GetProperty("error").GetString()!;
        Assert.Contains("anthropic", error);
        Assert.Contains("Models__Providers__anthropic__ApiKey", error);
    }

    [Fact]
    public async Task Requests_without_a_valid_key_get_401_problem_details()
    {
        using var anonymous = new HttpClient { BaseAddress = Platform.GatewayUrl };
        await AssertProblemAsync(await anonymous.PostAsJsonAsync("/v1/automation/tasks", DocumentBody()), HttpStatusCode.Unauthorized);

        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "ct_" + new string('x', 43));
        await AssertProblemAsync(await anonymous.GetAsync("/v1/automation/tasks"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Malformed_json_gets_400_problem_details_and_creates_nothing()
    {
        using var client = await Platform.CreateTenantClientAsync();

        var response = await client.PostAsync("/v1/automation/tasks",
            new StringContent("{\"title\": \"Broken", Encoding.UTF8, "application/json"));
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("JSON", problem.GetProperty("detail").GetString());

        var list = await client.GetFromJsonAsync<JsonElement>("/v1/automation/tasks");
        Assert.Equal(0, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_service_refuses_requests_that_did_not_come_through_the_gateway()
    {
        using var direct = new HttpClient { BaseAddress = Platform["tasks"].Url };
        direct.DefaultRequestHeaders.Add("X-CodeTether-Identity", "forged");

        var response = await direct.GetAsync("/v1/automation/tasks");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }
}
