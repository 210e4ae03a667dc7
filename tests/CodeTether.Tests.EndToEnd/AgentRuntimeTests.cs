using System.Net;
using System.Net.Http.Json;
using CodeTether.Testing;

namespace CodeTether.Tests.EndToEnd;

/// <summary>Agents with tools over the worker's codebase, their limits, questions and cancellation, through the gateway.</summary>
[Collection(PlatformCollection.Name)]
public class AgentRuntimeTests(PlatformFixture fixture)
{
    private Platform Platform => fixture.Platform;

    private static string Marker(string what) => $"{what} {Guid.NewGuid()}";

    private async Task<string> CreateAsync(HttpClient client, string agentType, string prompt, string? codebaseId = "platform") =>
        (await client.CreateTaskAsync(new
        {
            title = agentType,
            description = prompt,
            agent_type = agentType,
            codebase_id = codebaseId == "platform" ? Platform.CodebaseId : codebaseId,
            model = "gpt-4o",
        })).GetProperty("task_id").GetString()!;

    private string[] ToolsOffered(string marker) =>
        Platform.Model.Requests.First(r => r.ToJsonString().Contains(marker))["tools"]!.AsArray()
            .Select(t => t!["function"]!["name"]!.ToString()).ToArray();

    [Theory]
    [InlineData("explore")]
    [InlineData("plan")]
    public async Task A_read_only_agent_reads_a_file_of_the_codebase_and_answers_with_it(string agentType)
    {
        using var client = await Platform.CreateTenantClientAsync();
        var marker = Marker(agentType);
        Platform.Model.Script(marker, call => call.Index == 0
            ? ScriptedReply.Call("read_file", new { path = "src/greeting.txt" })
            : ScriptedReply.Say($"1. Keep the greeting: {call.LastToolResult}"));

        var taskId = await CreateAsync(client, agentType, $"{marker} What does the greeting say?");

        var completed = await client.WaitForStatusAsync(taskId, "completed");
        Assert.Equal($"1. Keep the greeting: {Platform.Greeting}", completed.GetProperty("result").GetString());
        Assert.Equal([Platform.Greeting], Platform.Model.ToolResultsFor(marker));
        Assert.Equal(["ask_user", "list_files", "read_file", "search_files"], ToolsOffered(marker));
    }

    [Fact]
    public async Task A_build_agent_writes_a_file_and_runs_a_command_in_the_codebase()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var marker = Marker("build");
        var file = $"built-{Guid.NewGuid():N}.txt";
        Platform.Model.Script(marker, call => call.Index switch
        {
            0 => ScriptedReply.Call("write_file", new { path = $"out/{file}", content = "written by the agent" }),
            1 => ScriptedReply.Call("run_command", new { command = $"cat out/{file}; echo; ls out" }),
            _ => ScriptedReply.Say($"Done. {call.LastToolResult}"),
        });

        var taskId = await CreateAsync(client, "build", $"{marker} Write the file and show it.");

        var completed = await client.WaitForStatusAsync(taskId, "completed");
        Assert.Equal("written by the agent", File.ReadAllText(Path.Combine(Platform.CodebasePath, "out", file)));
        var results = Platform.Model.ToolResultsFor(marker);
        Assert.StartsWith($"Created 'out/{file}'", results[0]);
        Assert.StartsWith("Exit code: 0\nwritten by the agent\n", results[1]);
        Assert.Contains(file, results[1]);
        Assert.Equal($"Done. {results[1]}", completed.GetProperty("result").GetString());
        Assert.Equal(["ask_user", "list_files", "read_file", "search_files", "write_file", "edit_file", "run_command"], ToolsOffered(marker));
    }

    [Fact]
    public async Task A_path_outside_the_codebase_is_a_tool_error_the_model_sees_and_the_task_still_completes()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var marker = Marker("escape");
        Platform.Model.Script(marker, call => call.Index == 0
            ? ScriptedReply.Call("read_file", new { path = "../../../../etc/passwd" })
            : ScriptedReply.Say($"I could not: {call.LastToolResult}"));

        var taskId = await CreateAsync(client, "explore", $"{marker} Show me /etc/passwd.");

        var completed = await client.WaitForStatusAsync(taskId, "completed");
        var error = Assert.Single(Platform.Model.ToolResultsFor(marker));
        Assert.Equal("Error: The path '../../../../etc/passwd' is outside the codebase; use paths relative to its root.", error);
        Assert.Equal($"I could not: {error}", completed.GetProperty("result").GetString());
    }

    [Fact]
    public async Task An_agent_that_keeps_calling_tools_fails_at_its_step_limit_saying_so()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var marker = Marker("loop");
        Platform.Model.Script(marker, _ => ScriptedReply.Call("list_files", new { directory = "." }));

        var taskId = await CreateAsync(client, "explore", $"{marker} Look around forever.");

        var failed = await client.WaitForStatusAsync(taskId, "failed");
        Assert.Equal($"The agent reached its limit of {Platform.MaxAgentSteps} model calls (Agent:MaxSteps) before it finished.",
            failed.GetProperty("error").GetString());
        Assert.Equal(Platform.MaxAgentSteps, Platform.Model.RequestsContaining(marker));
    }

    [Fact]
    public async Task Every_model_call_of_the_loop_is_billed_as_its_own_usage()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var marker = Marker("usage");
        Platform.Model.Script(marker, call => call.Index switch
        {
            0 => ScriptedReply.Call("list_files", new { directory = "src" }),
            1 => ScriptedReply.Call("search_files", new { query = "Hello" }),
            _ => ScriptedReply.Say("Found it."),
        });

        var taskId = await CreateAsync(client, "explore", $"{marker} Find the greeting.");
        await client.WaitForStatusAsync(taskId, "completed");

        var calls = Platform.Model.Requests.Where(r => r.ToJsonString().Contains(marker)).ToList();
        Assert.Equal(3, calls.Count);
        var usage = await client.WaitForUsageAsync(requests: 3);
        Assert.Equal(3, usage.GetProperty("total_requests").GetInt32());
        Assert.Equal(calls.Sum(FakeOpenAiServer.PromptTokens), usage.GetProperty("input_tokens").GetInt64());
    }

    [Fact]
    public async Task A_question_pauses_the_agent_and_the_answer_resumes_it_with_the_conversation_so_far()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var marker = Marker("question");
        Platform.Model.Script(marker, call => call.Index switch
        {
            0 => ScriptedReply.Call("ask_user", new { question = "Which file should I read?" }),
            1 => ScriptedReply.Call("read_file", new { path = call.LastUserMessage }),
            _ => ScriptedReply.Say(call.LastToolResult),
        });

        var taskId = await CreateAsync(client, "explore", $"{marker} Read the file I mean.");
        var waiting = await client.WaitForStatusAsync(taskId, "needs_input");
        Assert.Equal("Which file should I read?", waiting.GetProperty("question").GetString());

        using var answer = await client.PostAsJsonAsync($"/v1/automation/tasks/{taskId}/input", new { input = "src/greeting.txt" });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);

        var completed = await client.WaitForStatusAsync(taskId, "completed");
        Assert.Equal(Platform.Greeting, completed.GetProperty("result").GetString());
        var resumed = Platform.Model.Requests.Where(r => r.ToJsonString().Contains(marker)).ElementAt(1)["messages"]!.AsArray();
        Assert.Equal(["system", "user", "assistant", "user"], resumed.Select(m => m!["role"]!.ToString()));
        Assert.Equal($"{marker} Read the file I mean.", resumed[1]!["content"]!.ToString());
        Assert.Equal("Which file should I read?", resumed[2]!["content"]!.ToString());
        Assert.Equal("src/greeting.txt", resumed[3]!["content"]!.ToString());
    }

    [Fact]
    public async Task Cancelling_a_task_kills_its_running_command_and_the_model_is_not_called_again()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var marker = Marker("cancel");
        var pidFile = $"sleeper-{Guid.NewGuid():N}.pid";
        Platform.Model.Script(marker, _ => ScriptedReply.Call("run_command", new { command = $"sleep 300 & echo $! > {pidFile}; wait" }));
        var pidPath = Path.Combine(Platform.CodebasePath, pidFile);

        var taskId = await CreateAsync(client, "build", $"{marker} Run the long job.");
        await TaskApi.WaitUntilAsync(() => File.Exists(pidPath) && File.ReadAllText(pidPath).EndsWith('\n'), "the command runs");
        var pid = int.Parse(File.ReadAllText(pidPath));

        using var cancel = await client.DeleteAsync($"/v1/automation/tasks/{taskId}");
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);

        await TaskApi.WaitUntilAsync(() => !ProcessState.IsRunning(pid), "the command's processes are killed");
        Assert.Equal("cancelled", (await client.GetTaskAsync(taskId)).GetProperty("status").GetString());
        Assert.Equal(1, Platform.Model.RequestsContaining(marker));
    }

    [Fact]
    public async Task A_build_task_without_a_codebase_fails_saying_so_and_an_unknown_codebase_is_refused()
    {
        using var client = await Platform.CreateTenantClientAsync();

        var withoutCodebase = await CreateAsync(client, "build", "Fix the bug.", codebaseId: null);
        using var unknownCodebase = await client.PostAsJsonAsync("/v1/automation/tasks",
            new { title = "Look around", agent_type = "explore", codebase_id = "cb_missing" });

        Assert.Contains("A build agent needs a codebase",
            (await client.WaitForStatusAsync(withoutCodebase, "failed")).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, unknownCodebase.StatusCode);
        Assert.Contains("Unknown codebase 'cb_missing'", await unknownCodebase.Content.ReadAsStringAsync());
    }
}
