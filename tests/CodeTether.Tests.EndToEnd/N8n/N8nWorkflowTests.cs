using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CodeTether.Testing;
using static CodeTether.Tests.EndToEnd.N8n.N8nWorkflows;

namespace CodeTether.Tests.EndToEnd.N8n;

/// <summary>
/// The community node in a real n8n (installed as a community package, n8n on PostgreSQL) against the running platform,
/// through the gateway: the templates, each operation, the errors a user sees, the trigger's subscription lifecycle and
/// its signature check, and the credential test.
/// </summary>
[Collection(PlatformCollection.Name)]
public class N8nWorkflowTests(PlatformFixture fixture, N8nInstance n8n) : IClassFixture<N8nInstance>
{
    private Platform Platform => fixture.Platform;

    private static string ApiKey(HttpClient client) => client.DefaultRequestHeaders.Authorization!.Parameter!;

    /// <summary>A key of the right form (ct_ and 32 bytes in base64url) that the gateway never issued.</summary>
    private static string UnissuedKey() => "ct_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task The_create_and_poll_template_loops_until_the_task_is_done_then_hands_on_its_result()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var credential = await n8n.ImportCredentialAsync(ApiKey(client), Platform.GatewayUrl);
        var marker = $"n8n-poll-{Guid.NewGuid():N}";
        var template = N8nInstance.Template("create-and-poll.json");
        var create = NodeNamed(template, "Create Task")["parameters"]!;
        create["description"] = $"{create["description"]} ({marker})";
        create["additionalFields"]!["model"] = "gpt-4o"; // the model the platform's fake OpenAI server serves
        var workflowId = await n8n.ImportWorkflowAsync(template, credential);

        // The agent answers only once the workflow has gone round the loop: Wait for Completion saw "not done" and
        // went back to the wait. So the run shows both outputs, whatever the machine's speed.
        Platform.Model.Hold(marker);
        var waits = 0;
        N8nRun run;
        try
        {
            run = await n8n.ExecuteAsync(workflowId, node =>
            {
                if (node == "Wait 15s" && Interlocked.Increment(ref waits) == 2)
                    Platform.Model.Release(marker);
            });
        }
        finally
        {
            Platform.Model.Release(marker);
        }

        var created = run.Single("Create Task");
        var taskId = created["task_id"]!.GetValue<string>();
        Assert.Equal("queued", created["status"]!.GetValue<string>());
        Assert.True(run.Runs("Wait for Completion") >= 2, "the loop ran once at least");
        var first = Assert.Single(run.Items("Wait for Completion", output: 1, run: 0));
        Assert.Equal(taskId, first["task_id"]!.GetValue<string>());
        Assert.Contains(first["status"]!.GetValue<string>(), new[] { "queued", "running" });
        Assert.Empty(run.Items("Wait for Completion", output: 0, run: 0));

        var result = run.Single("Handle Result");
        Assert.Equal(taskId, result["task_id"]!.GetValue<string>());
        Assert.Equal("completed", result["status"]!.GetValue<string>());
        Assert.Contains(marker, result["result"]!.GetValue<string>());
        Assert.Equal("completed", (await client.GetTaskAsync(taskId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Task_message_agent_cron_job_and_usage_operations_work_through_the_gateway()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var credential = await n8n.ImportCredentialAsync(ApiKey(client), Platform.GatewayUrl);
        var held = $"n8n-cancel-{Guid.NewGuid():N}";
        var conversation = $"n8n-thread-{Guid.NewGuid():N}";
        var createParameters = () => new JsonObject
        {
            ["resource"] = "task",
            ["operation"] = "create",
            ["title"] = "Summarize the release notes",
            ["description"] = "Summarize them in one line.",
            ["additionalFields"] = new JsonObject
            {
                ["agentType"] = "plan", ["model"] = "gpt-4o", ["priority"] = 3, ["idempotencyKey"] = $"n8n-{Guid.NewGuid():N}",
            },
        };
        var first = createParameters();
        var again = createParameters();
        again["additionalFields"]!["idempotencyKey"] = first["additionalFields"]!["idempotencyKey"]!.GetValue<string>();
        var workflow = Chain("operations",
            CodeTetherNode("Create Task", credential, first),
            CodeTetherNode("Create Task Again", credential, again),
            CodeTetherNode("Get Task", credential, new JsonObject
            {
                ["resource"] = "task", ["operation"] = "get", ["taskId"] = "={{ $('Create Task').item.json.task_id }}",
            }),
            CodeTetherNode("Create Task To Cancel", credential, new JsonObject
            {
                ["resource"] = "task", ["operation"] = "create", ["title"] = "Cancel me", ["description"] = held,
                ["additionalFields"] = new JsonObject { ["model"] = "gpt-4o" },
            }),
            CodeTetherNode("Cancel Task", credential, new JsonObject
            {
                ["resource"] = "task", ["operation"] = "cancel", ["taskId"] = "={{ $json.task_id }}",
            }),
            CodeTetherNode("Create Cron Job", credential, new JsonObject
            {
                ["resource"] = "cronJob", ["operation"] = "create", ["name"] = "Daily Code Review", ["cronExpression"] = "0 9 * * 1-5",
                ["taskTemplate"] = "Review all PRs merged in the last 24 hours",
                ["additionalFields"] = new JsonObject { ["timezone"] = "America/New_York", ["enabled"] = false },
            }),
            CodeTetherNode("Get Token Usage", credential, new JsonObject { ["resource"] = "usage", ["operation"] = "get" }),
            CodeTetherNode("Send Message", credential, new JsonObject
            {
                ["resource"] = "message", ["operation"] = "send", ["message"] = $"Hello from n8n {conversation}",
                ["additionalFields"] = new JsonObject { ["conversationId"] = conversation, ["model"] = "gpt-4o" },
            }),
            CodeTetherNode("Send Async Message", credential, new JsonObject
            {
                ["resource"] = "message", ["operation"] = "sendAsync", ["message"] = "And a follow-up",
                ["additionalFields"] = new JsonObject
                {
                    ["conversationId"] = "={{ $json.conversation_id }}", ["modelRef"] = "openai:gpt-4o", ["priority"] = 2,
                },
            }),
            CodeTetherNode("Send to Agent", credential, new JsonObject
            {
                ["resource"] = "agent", ["operation"] = "send", ["agentName"] = Platform.AgentName,
                ["message"] = $"Review the conversation {conversation}",
                ["additionalFields"] = new JsonObject
                {
                    ["conversationId"] = "={{ $('Send Message').item.json.conversation_id }}", ["model"] = "gpt-4o",
                    ["deadlineSeconds"] = 600,
                },
            }),
            CodeTetherNode("List Cancelled Tasks", credential, new JsonObject
            {
                ["resource"] = "task", ["operation"] = "list", ["status"] = "cancelled", ["returnAll"] = true,
            }));
        // One item per agent found: on a branch of its own, so that the chain's nodes run once each.
        Add(workflow, CodeTetherNode("Find Agents", credential, new JsonObject
        {
            ["resource"] = "agent", ["operation"] = "find", ["name"] = "CodeTether-Work",
        }));
        Connect(workflow, "Start", "Find Agents");
        Add(workflow, CodeTetherNode("Start Ralph Run", credential, new JsonObject
        {
            ["resource"] = "ralphRun", ["operation"] = "start", ["prdSource"] = "fields",
            ["projectName"] = "n8n exports", ["branchName"] = "ralph/n8n-exports", ["projectDescription"] = "CSV exports",
            ["stories"] = new JsonObject
            {
                ["story"] = new JsonArray(
                    new JsonObject { ["id"] = "US-001", ["title"] = "Export as CSV", ["criteria"] = "It opens in a spreadsheet\nIt has a header row" },
                    new JsonObject { ["id"] = "US-002", ["title"] = "Export as JSON" }),
            },
            ["additionalFields"] = new JsonObject
            {
                ["codebaseId"] = Platform.CodebaseId, ["model"] = "gpt-4o", ["maxIterations"] = 1, ["runMode"] = "parallel", ["testCommand"] = "true",
            },
        }));
        Connect(workflow, "Start", "Start Ralph Run");
        Add(workflow, CodeTetherNode("Get Ralph Run", credential, new JsonObject
        {
            ["resource"] = "ralphRun", ["operation"] = "get", ["runId"] = "={{ $json.run_id }}",
        }));
        Connect(workflow, "Start Ralph Run", "Get Ralph Run");
        var workflowId = await n8n.ImportWorkflowAsync(workflow);

        Platform.Model.Hold(held);
        N8nRun run;
        try
        {
            run = await n8n.ExecuteAsync(workflowId);
        }
        finally
        {
            Platform.Model.Release(held);
        }

        var created = run.Single("Create Task");
        var taskId = created["task_id"]!.GetValue<string>();
        Assert.Equal(taskId, run.Single("Create Task Again")["task_id"]!.GetValue<string>());
        var task = run.Single("Get Task");
        Assert.Equal(taskId, task["task_id"]!.GetValue<string>());
        Assert.Equal("plan", task["agent_type"]!.GetValue<string>());
        Assert.Equal("gpt-4o", task["model"]!.GetValue<string>());
        Assert.Equal(3, task["priority"]!.GetValue<int>());

        var cancelled = run.Single("Cancel Task");
        Assert.Equal(run.Single("Create Task To Cancel")["task_id"]!.GetValue<string>(), cancelled["task_id"]!.GetValue<string>());
        Assert.Equal("cancelled", cancelled["status"]!.GetValue<string>());
        var listed = run.Items("List Cancelled Tasks");
        Assert.Equal([cancelled["task_id"]!.GetValue<string>()], listed.Select(t => t["task_id"]!.GetValue<string>()));

        var cronJob = run.Single("Create Cron Job");
        Assert.Equal("America/New_York", cronJob["timezone"]!.GetValue<string>());
        Assert.False(cronJob["enabled"]!.GetValue<bool>());
        var stored = await client.GetFromJsonAsync<JsonElement>($"/v1/cronjobs/{cronJob["id"]!.GetValue<string>()}");
        Assert.Equal("Daily Code Review", stored.GetProperty("name").GetString());

        var answer = run.Single("Send Message");
        Assert.Equal("completed", answer["status"]!.GetValue<string>());
        Assert.Equal(conversation, answer["conversation_id"]!.GetValue<string>());
        Assert.Contains($"Hello from n8n {conversation}", answer["response"]!.GetValue<string>());
        var accepted = run.Single("Send Async Message");
        Assert.Equal("queued", accepted["status"]!.GetValue<string>());
        Assert.Equal(conversation, accepted["conversation_id"]!.GetValue<string>());
        var followUp = await client.WaitForStatusAsync(accepted["task_id"]!.GetValue<string>(), "completed");
        Assert.Equal(2, followUp.GetProperty("priority").GetInt32());

        var ralph = run.Single("Start Ralph Run");
        var runId = ralph["run_id"]!.GetValue<string>();
        Assert.Equal(("n8n exports", "ralph/n8n-exports", Platform.CodebaseId, 1, "parallel", "true"),
            (ralph["project"]!.GetValue<string>(), ralph["branch_name"]!.GetValue<string>(), ralph["codebase_id"]!.GetValue<string>(),
             ralph["max_iterations"]!.GetValue<int>(), ralph["run_mode"]!.GetValue<string>(), ralph["test_command"]!.GetValue<string>()));
        Assert.Equal(["US-001", "US-002"], ralph["stories"]!.AsArray().Select(story => story!["id"]!.GetValue<string>()));
        Assert.Equal(["It opens in a spreadsheet", "It has a header row"],
            ralph["stories"]![0]!["acceptance_criteria"]!.AsArray().Select(c => c!.GetValue<string>()));
        var ralphRun = run.Single("Get Ralph Run");
        Assert.Equal((runId, 2), (ralphRun["run_id"]!.GetValue<string>(), ralphRun["progress"]!["total"]!.GetValue<int>()));

        var sent = run.Single("Send to Agent");
        Assert.Equal((Platform.AgentName, "queued", 600), (sent["agent_name"]!.GetValue<string>(), sent["status"]!.GetValue<string>(),
            sent["deadline_seconds"]!.GetValue<int>()));
        var sentTaskId = sent["task_id"]!.GetValue<string>();
        Assert.Equal(Platform.AgentName, (await client.WaitForStatusAsync(sentTaskId, "completed")).GetProperty("agent_name").GetString());
        var messages = (await client.GetFromJsonAsync<JsonElement>($"/v1/messages?conversation_id={conversation}&limit=100"))
            .GetProperty("messages").EnumerateArray().ToList();
        Assert.Contains(messages, m => m.GetProperty("task_id").GetString() == sentTaskId
                                       && m.GetProperty("content").GetString()!.Contains($"Review the conversation {conversation}"));
        var agent = Assert.Single(run.Items("Find Agents"), a => a["name"]!.GetValue<string>() == Platform.AgentName);
        Assert.Equal("online", agent["status"]!.GetValue<string>());
        Assert.Contains("openai:gpt-4o", agent["models_supported"]!.GetValue<string>().Split(','));

        var usage = run.Single("Get Token Usage");
        Assert.True(usage["total_tokens"]!.GetValue<long>() >= 0);
        Assert.NotNull(usage["total_cost"]);
    }

    [Fact]
    public async Task Refused_requests_show_the_APIs_own_message_401_400_and_429_with_its_retry_time()
    {
        using var client = await Platform.CreateTenantClientAsync();
        using var freeClient = await Platform.CreateTenantClientAsync(plan: "free");
        var credential = await n8n.ImportCredentialAsync(ApiKey(client), Platform.GatewayUrl);
        var unknown = await n8n.ImportCredentialAsync(UnissuedKey(), Platform.GatewayUrl);
        var free = await n8n.ImportCredentialAsync(ApiKey(freeClient), Platform.GatewayUrl);
        const int burst = 100; // more than the free plan's 60 requests a minute
        var workflow = Workflow("errors", [
            ManualTrigger(),
            CodeTetherNode("Wrong Key", unknown, new JsonObject { ["resource"] = "task", ["operation"] = "get", ["taskId"] = Guid.NewGuid().ToString() },
                continueOnError: true),
            CodeTetherNode("Unknown Model", credential, new JsonObject
            {
                ["resource"] = "task", ["operation"] = "create", ["title"] = "Bad model",
                ["additionalFields"] = new JsonObject { ["model"] = "gpt-9" },
            }, continueOnError: true),
            .. Items(burst),
            CodeTetherNode("Usage Burst", free, new JsonObject { ["resource"] = "usage", ["operation"] = "get" }, continueOnError: true),
        ]);
        Connect(workflow, "Start", "Wrong Key");
        Connect(workflow, "Start", "Unknown Model");
        Connect(workflow, "Start", "Numbers");
        Connect(workflow, "Numbers", "One Item Each");
        Connect(workflow, "One Item Each", "Usage Burst");
        var run = await n8n.ExecuteAsync(await n8n.ImportWorkflowAsync(workflow));

        var unauthorized = run.Single("Wrong Key");
        Assert.Equal("401", unauthorized["http_code"]!.GetValue<string>());
        Assert.Equal("The API key is not recognised.", unauthorized["error"]!.GetValue<string>());
        Assert.Contains("starts with ct_", unauthorized["description"]!.GetValue<string>());

        var invalid = run.Single("Unknown Model");
        Assert.Equal("400", invalid["http_code"]!.GetValue<string>());
        Assert.Contains("model:", invalid["error"]!.GetValue<string>());
        Assert.Contains("gpt-9", invalid["error"]!.GetValue<string>());

        var answers = run.Items("Usage Burst");
        Assert.Equal(burst, answers.Count);
        Assert.Contains(answers, a => a["total_tokens"] is not null);
        var limited = answers.Where(a => a["http_code"]?.GetValue<string>() == "429").ToList();
        Assert.NotEmpty(limited);
        Assert.Matches(@"Retry after \d+ seconds", limited[0]["error"]!.GetValue<string>());
        Assert.Matches(@"Retry-After: \d+ seconds", limited[0]["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_webhook_callback_template_subscribes_runs_on_signed_calls_only_and_unsubscribes_on_deactivation()
    {
        using var client = await Platform.CreateTenantClientAsync();
        using var secretResponse = await client.PutAsJsonAsync("/v1/webhooks/secret", new { });
        var secret = (await secretResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        var credential = await n8n.ImportCredentialAsync(ApiKey(client), Platform.GatewayUrl, secret);
        var workflowId = await n8n.ImportWorkflowAsync(N8nInstance.Template("webhook-callback.json"), credential);
        await n8n.StartServerAsync();
        try
        {
            await The_credential_test_calls_the_platform(credential, ApiKey(client));

            var version = (await n8n.RestAsync(HttpMethod.Get, $"workflows/{workflowId}"))!["versionId"]!.GetValue<string>();
            await n8n.RestAsync(HttpMethod.Post, $"workflows/{workflowId}/activate", new { versionId = version });
            var subscription = Assert.Single(await SubscriptionsAsync(client));
            Assert.Equal("task.completed", subscription.GetProperty("event").GetString());
            var target = subscription.GetProperty("target_url").GetString()!;
            Assert.StartsWith(new Uri(n8n.Url!, "webhook/").ToString(), target);

            // Forged calls: answered 401, and no workflow runs.
            using var n8nHttp = new HttpClient();
            var forged = """{"event":"task.completed","task_id":"00000000-0000-0000-0000-000000000000","status":"completed","result":"forged"}""";
            Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(n8nHttp, target, forged, signature: null)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(n8nHttp, target, forged, "sha256=" + new string('0', 64))).StatusCode);
            var otherSecret = Convert.ToHexString(HMACSHA256.HashData("not-the-secret"u8.ToArray(), Encoding.UTF8.GetBytes(forged))).ToLowerInvariant();
            Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(n8nHttp, target, forged, "sha256=" + otherSecret)).StatusCode);

            // A real task: the platform delivers task.completed, signed; the workflow runs once, with that task.
            var marker = $"n8n-webhook-{Guid.NewGuid():N}";
            var task = await client.CreateTaskAsync(new { title = "Webhook callback", description = marker, model = "gpt-4o" });
            var taskId = task.GetProperty("task_id").GetString()!;
            var executions = await WaitForExecutionsAsync(workflowId, 1);
            var (status, data) = Assert.Single(executions);
            Assert.Equal("success", status);
            Assert.Contains(taskId, data);
            Assert.Contains(marker, data);
            Assert.DoesNotContain("forged", data);

            await n8n.RestAsync(HttpMethod.Post, $"workflows/{workflowId}/deactivate");
            Assert.Empty(await SubscriptionsAsync(client));
        }
        catch (Exception error)
        {
            throw new Exception($"{error.Message}\n--- n8n log ---\n{await n8n.ServerLogAsync()}", error);
        }
        finally
        {
            await n8n.StopServerAsync();
        }
    }

    private async Task The_credential_test_calls_the_platform(string credentialId, string apiKey)
    {
        async Task<JsonNode> Test(string key) => (await n8n.RestAsync(HttpMethod.Post, "credentials/test", new
        {
            credentials = new
            {
                id = credentialId, name = $"CodeTether {credentialId}", type = N8nPackage.CredentialType,
                data = new { apiKey = key, apiDomain = Platform.GatewayUrl.ToString(), webhookSecret = "" },
            },
        }))!;

        Assert.Equal("OK", (await Test(apiKey))["status"]!.GetValue<string>());
        var wrong = await Test(UnissuedKey());
        Assert.Equal("Error", wrong["status"]!.GetValue<string>());
        var notOurs = await Test("sk-not-a-codetether-key");
        Assert.Equal("Error", notOurs["status"]!.GetValue<string>());
        Assert.Contains("must start with ct_", notOurs["message"]!.GetValue<string>());
    }

    private static async Task<List<JsonElement>> SubscriptionsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/v1/webhooks/subscriptions")).GetProperty("subscriptions").EnumerateArray().ToList();

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string url, string body, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
            request.Headers.Add("X-CodeTether-Signature", signature);
        return await http.SendAsync(request);
    }

    private async Task<IReadOnlyList<(string Status, string Data)>> WaitForExecutionsAsync(string workflowId, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            var executions = await n8n.ExecutionsAsync(workflowId);
            if (executions.Count >= count && executions.All(e => e.Status is not ("new" or "running")))
                return executions;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{executions.Count} of {count} executions of {workflowId}.\n{Platform.Logs()}");
            await Task.Delay(500);
        }
    }
}
