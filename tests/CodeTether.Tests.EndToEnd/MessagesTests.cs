using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CodeTether.Testing;

namespace CodeTether.Tests.EndToEnd;

/// <summary>The Zapier document's "Send Message" and "Send Async Message", and the conversations they keep, through the gateway.</summary>
[Collection(PlatformCollection.Name)]
public class MessagesTests(PlatformFixture fixture)
{
    private Platform Platform => fixture.Platform;

    private static string Answer(string message) => $"Fake model answer to: {message}";

    [Fact]
    public async Task A_message_is_answered_with_the_agents_response_in_a_new_conversation_that_keeps_the_exchange()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var message = $"What changed in release {Guid.NewGuid()}?";

        var answer = await SendAsync(client, new { message, model = "gpt-4o" });

        Assert.Equal("completed", answer.GetProperty("status").GetString());
        Assert.Equal(Answer(message), answer.GetProperty("response").GetString());
        var conversationId = answer.GetProperty("conversation_id").GetString()!;
        Assert.StartsWith("conv_", conversationId);
        var task = await client.GetTaskAsync(answer.GetProperty("task_id").GetString()!);
        Assert.Equal("completed", task.GetProperty("status").GetString());
        Assert.Equal(message, task.GetProperty("description").GetString());

        var history = await HistoryAsync(client, conversationId, messages: 2);
        Assert.Equal([("user", message), ("assistant", Answer(message))], Messages(history));
        Assert.Equal([1, 2], history.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("position").GetInt32()));
        Assert.All(history.GetProperty("messages").EnumerateArray(),
            m => Assert.Equal(answer.GetProperty("task_id").GetString(), m.GetProperty("task_id").GetString()));
    }

    [Fact]
    public async Task The_next_message_of_a_conversation_named_by_the_client_carries_the_earlier_exchange_to_the_model()
    {
        using var client = await Platform.CreateTenantClientAsync();
        const string threadTs = "1712345678.123456";
        var first = $"Our build {Guid.NewGuid()} fails on ARM.";
        var second = $"Which flag fixes it? {Guid.NewGuid()}";

        var firstAnswer = await SendAsync(client, new { message = first, conversation_id = threadTs, model = "gpt-4o" });
        var secondAnswer = await SendAsync(client, new { message = second, conversation_id = threadTs, model = "gpt-4o" });

        Assert.Equal(threadTs, firstAnswer.GetProperty("conversation_id").GetString());
        Assert.Equal(threadTs, secondAnswer.GetProperty("conversation_id").GetString());
        Assert.Equal(Answer(second), secondAnswer.GetProperty("response").GetString());
        Assert.Equal([("user", first), ("assistant", Answer(first)), ("user", second)], ModelConversation(second));
        Assert.Equal([("user", first)], ModelConversation(first));

        var history = await HistoryAsync(client, threadTs, messages: 4);
        Assert.Equal([("user", first), ("assistant", Answer(first)), ("user", second), ("assistant", Answer(second))], Messages(history));

        var third = $"Send it to the platform agent {Guid.NewGuid()}";
        using var sent = await client.PostAsJsonAsync("/v1/agents/send", new { agent_name = Platform.AgentName, message = third, conversation_id = threadTs, model = "gpt-4o" });
        var task = await sent.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(sent.StatusCode == HttpStatusCode.Created, $"{(int)sent.StatusCode}: {task}");
        Assert.Equal(threadTs, task.GetProperty("conversation_id").GetString());
        await client.WaitForStatusAsync(task.GetProperty("task_id").GetString()!, "completed");
        Assert.Equal([("user", first), ("assistant", Answer(first)), ("user", second), ("assistant", Answer(second)), ("user", third)], ModelConversation(third));
        await HistoryAsync(client, threadTs, messages: 6);
    }

    [Fact]
    public async Task An_async_message_answers_at_once_with_its_task_which_completes_with_the_model_reference_it_named()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var message = $"Analyze this feedback: {Guid.NewGuid()}";

        using var response = await client.PostAsJsonAsync("/v1/messages/async", new
        {
            message, model = "gpt-4o", model_ref = "openai:gpt-4.1-mini", priority = 3, notify_email = "ops@example.com",
        });
        var accepted = await ReadAsync(response, HttpStatusCode.Accepted);

        var taskId = accepted.GetProperty("task_id").GetString()!;
        Assert.Equal($"/v1/automation/tasks/{taskId}", response.Headers.Location?.ToString());
        Assert.Equal("queued", accepted.GetProperty("status").GetString());
        Assert.StartsWith("conv_", accepted.GetProperty("conversation_id").GetString());
        var completed = await client.WaitForStatusAsync(taskId, "completed");
        Assert.Equal(Answer(message), completed.GetProperty("result").GetString());
        Assert.Equal("openai:gpt-4.1-mini", completed.GetProperty("model").GetString());
        Assert.Equal(3, completed.GetProperty("priority").GetInt32());
        Assert.Equal("ops@example.com", completed.GetProperty("notify_email").GetString());
        Assert.Equal("gpt-4.1-mini", (string?)ModelRequest(message)["model"]);
    }

    [Fact]
    public async Task Messages_sent_while_an_earlier_one_of_their_conversation_runs_wait_for_it_and_see_its_answer()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var conversationId = $"thread-{Guid.NewGuid()}";
        var (first, second, third) = ($"First {Guid.NewGuid()}", $"Second {Guid.NewGuid()}", $"Third {Guid.NewGuid()}");
        Platform.Model.Hold(first);
        string lastTask;
        try
        {
            await SendInBackgroundAsync(client, first, conversationId);
            await TaskApi.WaitUntilAsync(() => Platform.Model.RequestsContaining(first) == 1, "the first message reaches the model");
            var secondTask = await SendInBackgroundAsync(client, second, conversationId);
            lastTask = await SendInBackgroundAsync(client, third, conversationId);

            Assert.Equal("queued", (await client.GetTaskAsync(secondTask)).GetProperty("status").GetString());
            Assert.Equal(0, Platform.Model.RequestsContaining(second));
        }
        finally
        {
            Platform.Model.Release(first);
        }

        await client.WaitForStatusAsync(lastTask, "completed");
        Assert.Equal([("user", first), ("assistant", Answer(first)), ("user", second)], ModelConversation(second));
        Assert.Equal([("user", first), ("assistant", Answer(first)), ("user", second), ("assistant", Answer(second)), ("user", third)],
            ModelConversation(third));
        var history = await HistoryAsync(client, conversationId, messages: 6);
        Assert.Equal([first, Answer(first), second, Answer(second), third, Answer(third)], Messages(history).Select(m => m.Content));
    }

    [Fact]
    public async Task Two_tenants_using_the_same_conversation_id_have_separate_conversations()
    {
        using var alice = await Platform.CreateTenantClientAsync();
        using var bob = await Platform.CreateTenantClientAsync();
        const string sharedId = "general-thread";
        var (aliceFirst, aliceSecond) = ($"Alice's secret {Guid.NewGuid()}", $"Alice again {Guid.NewGuid()}");
        var bobFirst = $"Bob's question {Guid.NewGuid()}";

        await SendAsync(alice, new { message = aliceFirst, conversation_id = sharedId, model = "gpt-4o" });
        await SendAsync(bob, new { message = bobFirst, conversation_id = sharedId, model = "gpt-4o" });
        await SendAsync(alice, new { message = aliceSecond, conversation_id = sharedId, model = "gpt-4o" });

        Assert.Equal([("user", bobFirst)], ModelConversation(bobFirst));
        Assert.Equal([("user", aliceFirst), ("assistant", Answer(aliceFirst)), ("user", aliceSecond)], ModelConversation(aliceSecond));
        Assert.Equal([bobFirst, Answer(bobFirst)], Messages(await HistoryAsync(bob, sharedId, messages: 2)).Select(m => m.Content));
        Assert.Equal([aliceFirst, Answer(aliceFirst), aliceSecond, Answer(aliceSecond)],
            Messages(await HistoryAsync(alice, sharedId, messages: 4)).Select(m => m.Content));
    }

    [Fact]
    public async Task A_message_not_answered_within_the_wait_is_a_504_naming_its_task_which_goes_on_and_completes()
    {
        using var client = await Platform.CreateTenantClientAsync();
        client.Timeout = TimeSpan.FromSeconds(90);
        var message = $"A long analysis {Guid.NewGuid()}";
        Platform.Model.Hold(message);
        JsonElement problem;
        try
        {
            using var response = await client.PostAsJsonAsync("/v1/messages", new { message, conversation_id = "slow-thread", model = "gpt-4o" });
            problem = await ReadAsync(response, HttpStatusCode.GatewayTimeout);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        finally
        {
            Platform.Model.Release(message);
        }

        Assert.Equal("slow-thread", problem.GetProperty("conversation_id").GetString());
        var taskId = problem.GetProperty("task_id").GetString()!;
        Assert.Contains($"/v1/automation/tasks/{taskId}", problem.GetProperty("detail").GetString());
        var completed = await client.WaitForStatusAsync(taskId, "completed");
        Assert.Equal(Answer(message), completed.GetProperty("result").GetString());
        Assert.Equal([message, Answer(message)], Messages(await HistoryAsync(client, "slow-thread", messages: 2)).Select(m => m.Content));
    }

    [Fact]
    public async Task A_message_whose_task_fails_is_a_502_naming_its_task_and_adds_nothing_to_the_conversation()
    {
        using var client = await Platform.CreateTenantClientAsync();

        using var response = await client.PostAsJsonAsync("/v1/messages", new { message = "Use the default model, whose provider is not configured" });
        var problem = await ReadAsync(response, HttpStatusCode.BadGateway);

        Assert.Contains("anthropic", problem.GetProperty("detail").GetString());
        var failed = await client.GetTaskAsync(problem.GetProperty("task_id").GetString()!);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        var history = await client.GetFromJsonAsync<JsonElement>($"/v1/messages?conversation_id={problem.GetProperty("conversation_id").GetString()}");
        Assert.Equal(0, history.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_agents_question_is_the_answer_then_the_reply_continues_the_task_and_the_conversation_keeps_both()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var message = $"Deploy {Guid.NewGuid()}";
        Platform.Model.Ask = messages => (string?)messages[^1]!["content"] == message ? "Which environment?" : null;

        var asked = await SendAsync(client, new { message, conversation_id = "deploys", model = "gpt-4o" });

        Assert.Equal("needs_input", asked.GetProperty("status").GetString());
        Assert.Equal("Which environment?", asked.GetProperty("question").GetString());
        Assert.Equal(JsonValueKind.Null, asked.GetProperty("response").ValueKind);
        var taskId = asked.GetProperty("task_id").GetString()!;
        using var answered = await client.PostAsJsonAsync($"/v1/automation/tasks/{taskId}/input", new { input = "staging" });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        await client.WaitForStatusAsync(taskId, "completed");
        var history = await HistoryAsync(client, "deploys", messages: 4);
        Assert.Equal([("user", message), ("assistant", "Which environment?"), ("user", "staging"), ("assistant", Answer("staging"))],
            Messages(history));
    }

    [Fact]
    public async Task The_next_message_of_a_conversation_whose_agent_asked_is_the_answer_and_continues_that_task()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var conversation = $"release-{Guid.NewGuid():N}";
        var (first, second) = ($"Release {Guid.NewGuid()}", $"Release again {Guid.NewGuid()}");
        Platform.Model.Ask = messages => (string?)messages[^1]!["content"] is { } content && (content == first || content == second) ? "Which version?" : null;

        var asked = await SendAsync(client, new { message = first, conversation_id = conversation, model = "gpt-4o" });
        Assert.Equal("needs_input", asked.GetProperty("status").GetString());
        var taskId = asked.GetProperty("task_id").GetString()!;

        var answered = await SendAsync(client, new { message = "2.1.0", conversation_id = conversation, model = "claude-sonnet-4" });

        Assert.Equal(("completed", taskId, Answer("2.1.0")), (answered.GetProperty("status").GetString(),
            answered.GetProperty("task_id").GetString(), answered.GetProperty("response").GetString()));
        Assert.Equal([("user", first), ("assistant", "Which version?"), ("user", "2.1.0"), ("assistant", Answer("2.1.0"))],
            Messages(await HistoryAsync(client, conversation, messages: 4)));

        var askedAgain = await SendAsync(client, new { message = second, conversation_id = conversation, model = "gpt-4o" });
        Assert.Equal("needs_input", askedAgain.GetProperty("status").GetString());
        var secondTaskId = askedAgain.GetProperty("task_id").GetString()!;
        Assert.NotEqual(taskId, secondTaskId);
        using var inBackground = await client.PostAsJsonAsync("/v1/messages/async", new { message = "2.2.0", conversation_id = conversation });
        var accepted = await ReadAsync(inBackground, HttpStatusCode.Accepted);
        Assert.Equal((secondTaskId, "running"), (accepted.GetProperty("task_id").GetString(), accepted.GetProperty("status").GetString()));
        Assert.Equal(Answer("2.2.0"), (await client.WaitForStatusAsync(secondTaskId, "completed")).GetProperty("result").GetString());
        Assert.Equal(8, (await HistoryAsync(client, conversation, messages: 8)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Bad_messages_are_400_problems_naming_each_field_and_create_no_task()
    {
        using var client = await Platform.CreateTenantClientAsync();

        await AssertInvalidAsync(client.PostAsJsonAsync("/v1/messages", new { conversation_id = "x" }), "message");
        await AssertInvalidAsync(client.PostAsJsonAsync("/v1/messages/async", new { message = " " }), "message");
        await AssertInvalidAsync(client.PostAsJsonAsync("/v1/messages/async", new
        {
            message = "Hi", conversation_id = new string('c', 201), model_ref = "gpt-4o", notify_email = "nobody", codebase_id = new string('b', 201),
        }), "codebase_id", "conversation_id", "model_ref", "notify_email");
        await AssertInvalidAsync(client.PostAsJsonAsync("/v1/messages", new { message = "Hi", model = "gpt-5" }), "model");
        await AssertInvalidAsync(client.PostAsync("/v1/messages/async",
            new StringContent("""{"message": "Hi", "priority": "high"}""", System.Text.Encoding.UTF8, "application/json")), "priority");
        await AssertInvalidAsync(client.GetAsync("/v1/messages"), "conversation_id");
        await AssertInvalidAsync(client.GetAsync("/v1/messages?conversation_id=x&limit=0"), "limit");
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/v1/automation/tasks")).GetProperty("total").GetInt32());

        using var unknown = await client.GetAsync("/v1/messages?conversation_id=never-used");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Sending_needs_the_messages_write_scope_and_reading_a_conversation_tasks_read()
    {
        using var reader = await Platform.CreateTenantClientAsync(scopes: "tasks:read");
        using var sender = await Platform.CreateTenantClientAsync(scopes: "messages:write");

        using var refused = await reader.PostAsJsonAsync("/v1/messages/async", new { message = "Hi", model = "gpt-4o" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var accepted = await sender.PostAsJsonAsync("/v1/messages/async", new { message = "Hi", model = "gpt-4o" });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        using var unread = await sender.GetAsync("/v1/messages?conversation_id=x");
        Assert.Equal(HttpStatusCode.Forbidden, unread.StatusCode);
        using var read = await reader.GetAsync("/v1/messages?conversation_id=x");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    private static async Task<JsonElement> SendAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("/v1/messages", body);
        return await ReadAsync(response, HttpStatusCode.OK);
    }

    private static async Task<string> SendInBackgroundAsync(HttpClient client, string message, string conversationId)
    {
        using var response = await client.PostAsJsonAsync("/v1/messages/async", new { message, conversation_id = conversationId, model = "gpt-4o" });
        return (await ReadAsync(response, HttpStatusCode.Accepted)).GetProperty("task_id").GetString()!;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {json}");
        return json;
    }

    private static async Task AssertInvalidAsync(Task<HttpResponseMessage> sending, params string[] fields)
    {
        using var response = await sending;
        var problem = await ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(fields, problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
    }

    /// <summary>The conversation once it has <paramref name="messages"/> messages: a completed exchange is recorded just after its task completes.</summary>
    private static async Task<JsonElement> HistoryAsync(HttpClient client, string conversationId, int messages)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonElement history;
        do
        {
            history = await client.GetFromJsonAsync<JsonElement>($"/v1/messages?conversation_id={Uri.EscapeDataString(conversationId)}");
            if (history.GetProperty("total").GetInt32() >= messages)
                break;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        Assert.Equal(conversationId, history.GetProperty("conversation_id").GetString());
        Assert.Equal(messages, history.GetProperty("total").GetInt32());
        return history;
    }

    private static IEnumerable<(string Role, string Content)> Messages(JsonElement history) =>
        history.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!));

    private JsonObject ModelRequest(string prompt) =>
        Assert.Single(Platform.Model.Requests, r => (string?)r["messages"]!.AsArray()[^1]!["content"] == prompt);

    /// <summary>What the model was sent for <paramref name="prompt"/>, after its system prompt.</summary>
    private IEnumerable<(string Role, string Content)> ModelConversation(string prompt)
    {
        var messages = ModelRequest(prompt)["messages"]!.AsArray();
        Assert.Equal("system", (string?)messages[0]!["role"]);
        return messages.Skip(1).Select(m => ((string)m!["role"]!, (string)m["content"]!));
    }
}
