using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodeTether.Testing;
using CodeTether.Workers.Codebases;

namespace CodeTether.Tests.EndToEnd;

/// <summary>
/// Ralph runs and PRD chats through the gateway, on a worker whose codebase is a real git repository with a real test
/// command (<c>sh test.sh</c>: every <c>out/*.txt</c> must say <c>ok</c>); the fake model writes the files.
/// </summary>
[Collection(PlatformCollection.Name)]
public class RalphTests(PlatformFixture fixture)
{
    private const string Agent = "ralph-e2e";
    private const string TestScript = """
        #!/bin/sh
        status=0
        for f in out/*.txt; do
          [ -e "$f" ] || continue
          if [ "$(cat "$f")" != "ok" ]; then echo "$f: expected ok, got $(cat "$f")"; status=1; fi
        done
        exit $status
        """;
    private static readonly SemaphoreSlim WorkerStarted = new(1, 1);
    private static string? repository;

    private Platform Platform => fixture.Platform;

    private static string Marker(string what) => $"{what}-{Guid.NewGuid():N}";

    [Fact]
    public async Task A_prd_from_the_chat_runs_story_by_story_retrying_with_the_test_output_until_out_of_attempts()
    {
        var codebaseId = await StartWorkerAsync();
        using var client = await Platform.CreateTenantClientAsync();
        var codebase = await client.GetFromJsonAsync<JsonElement>($"/v1/codebases/{codebaseId}");
        Assert.Equal("sh test.sh", codebase.GetProperty("test_command").GetString());
        var (once, twice, never) = (Marker("once"), Marker("twice"), Marker("never"));
        Platform.Model.Script(once, call => Write(call, "out/once.txt", "ok"));
        var secondPrompt = "";
        Platform.Model.Script(twice, call =>
        {
            var prompt = call.LastUserMessage;
            if (prompt.Contains("out/twice.txt: expected ok, got wrong"))
                secondPrompt = prompt;
            return Write(call, "out/twice.txt", prompt.Contains("attempt 2 of 2") ? "ok" : "wrong");
        });
        Platform.Model.Script(never, call => Write(call, "out/never.txt", "bad"));

        // The chat asks first, then answers the follow-up with a PRD.
        var chat = Marker("chat");
        var prdText = JsonSerializer.Serialize(new
        {
            project = "Files",
            branchName = "ralph/files",
            description = "Files that say ok",
            userStories = new[]
            {
                new { id = "US-001", title = "Once", description = once, acceptanceCriteria = new[] { "out/once.txt says ok" }, priority = 1 },
                new { id = "US-002", title = "Twice", description = twice, acceptanceCriteria = new[] { "out/twice.txt says ok" }, priority = 2 },
                new { id = "US-003", title = "Never", description = never, acceptanceCriteria = new[] { "out/never.txt says ok" }, priority = 3 },
            },
        });
        // The agent asks once in its answer and once through ask_user; either way the next chat message answers it.
        Platform.Model.Script(chat, call => call.Index switch
        {
            0 => ScriptedReply.Say("Which files should the project have?"),
            1 => ScriptedReply.Call("ask_user", new { question = "In which directory?" }),
            _ => ScriptedReply.Say($"Here is the PRD.\n\n```json\n{prdText}\n```"),
        });
        var question = await ChatAsync(client, new { message = $"{chat} I want files that say ok.", model = "gpt-4o" });
        Assert.False(question.GetProperty("has_prd").GetBoolean());
        Assert.Equal("Which files should the project have?", question.GetProperty("response").GetString());
        var conversation = question.GetProperty("conversation_id").GetString();
        var asked = await ChatAsync(client, new { message = "once.txt, twice.txt and never.txt", conversation_id = conversation, model = "gpt-4o" });
        Assert.Equal(("needs_input", "In which directory?", false), (asked.GetProperty("status").GetString(),
            asked.GetProperty("response").GetString(), asked.GetProperty("has_prd").GetBoolean()));
        var answer = await ChatAsync(client, new { message = "out/", conversation_id = conversation, model = "gpt-4o" });
        Assert.Equal((conversation, asked.GetProperty("task_id").GetString()),
            (answer.GetProperty("conversation_id").GetString(), answer.GetProperty("task_id").GetString()));
        Assert.True(answer.GetProperty("has_prd").GetBoolean(), answer.ToString());
        Assert.Contains("PRD writer", Platform.Model.Requests.Last(r => r.ToJsonString().Contains(chat))["messages"]![0]!["content"]!.ToString());

        // Bad input names the field (snake_case, as every key of the API's error maps); an unknown codebase is a 404.
        var duplicate = prdText.Replace("US-002", "US-001");
        await ExpectProblemAsync(client, new { prd_json = duplicate, codebase_id = codebaseId }, HttpStatusCode.BadRequest, "prd_json.user_stories[1].id");
        await ExpectProblemAsync(client, new { prd_json = answer.GetProperty("prd_json").GetString(), codebase_id = "cb_unknown" },
            HttpStatusCode.NotFound, "codebase_id");

        var run = await StartRunAsync(client, new
        {
            prd_json = answer.GetProperty("prd_json").GetString(), codebase_id = codebaseId, model = "gpt-4o", max_iterations = 2,
        });
        var finished = await WaitForRunAsync(client, run, "failed");

        Assert.Equal(2, finished.GetProperty("progress").GetProperty("passed").GetInt32());
        Assert.Equal(3, finished.GetProperty("progress").GetProperty("total").GetInt32());
        var stories = finished.GetProperty("stories").EnumerateArray().ToList();
        Assert.Equal(["passed", "passed", "failed"], stories.Select(s => s.GetProperty("status").GetString()));
        Assert.Equal([1, 2, 2], stories.Select(s => s.GetProperty("attempts").GetInt32()));
        Assert.Contains("out/twice.txt: expected ok, got wrong", stories[1].GetProperty("attempt_results")[0].GetProperty("test_output").GetString());
        Assert.Contains("out/twice.txt: expected ok, got wrong", secondPrompt);
        Assert.Contains("out/never.txt: expected ok, got bad", stories[2].GetProperty("attempt_results")[1].GetProperty("test_output").GetString());

        var commits = finished.GetProperty("commits").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(2, commits.Count);
        Assert.Equal(commits[^1], await GitAsync("rev-parse", "ralph/files"));
        Assert.Equal("ok", await GitAsync("show", "ralph/files:out/twice.txt"));
        Assert.Equal("CodeTether Ralph", await GitAsync("log", "-1", "--format=%an", "ralph/files"));
        Assert.DoesNotContain("never.txt", await GitAsync("ls-tree", "-r", "--name-only", "ralph/files"));
        Assert.Empty(await GitAsync("status", "--porcelain"));
    }

    [Fact]
    public async Task A_parallel_run_merges_its_stories_and_a_cancelled_run_stops_after_the_current_iteration()
    {
        var codebaseId = await StartWorkerAsync();
        using var client = await Platform.CreateTenantClientAsync();
        var (left, right) = (Marker("left"), Marker("right"));
        Platform.Model.Script(left, call => Write(call, "out/left.txt", "ok"));
        Platform.Model.Script(right, call => Write(call, "out/right.txt", "ok"));
        var parallel = await StartRunAsync(client, new
        {
            project_name = "Parallel",
            branch_name = "ralph/parallel",
            story_1_id = "LEFT", story_1_title = "Left", story_1_description = left,
            story_2_id = "RIGHT", story_2_title = "Right", story_2_description = right, story_2_criteria = "- out/right.txt says ok",
            codebase_id = codebaseId, model = "gpt-4o", run_mode = "parallel", test_command = "sh test.sh && echo checked",
        });

        var (first, second) = (Marker("first"), Marker("second"));
        Platform.Model.Hold(first);
        Platform.Model.Script(first, call => Write(call, "out/first.txt", "ok"));
        Platform.Model.Script(second, call => Write(call, "out/second.txt", "ok"));
        var cancelled = await StartRunAsync(client, new
        {
            prd = new
            {
                project = "Cancelled", branchName = "ralph/cancelled",
                userStories = new[] { new { id = "A", title = "First", description = first }, new { id = "B", title = "Second", description = second } },
            },
            codebase_id = codebaseId, model = "gpt-4o",
        });
        await TaskApi.WaitUntilAsync(() => Platform.Model.RequestsContaining(first) > 0, "the first story's agent called the model");
        using (var cancel = await client.PostAsync($"/v1/ralph/runs/{cancelled}/cancel", null))
        {
            var body = await cancel.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(cancel.StatusCode == HttpStatusCode.Accepted, body.ToString());
            Assert.True(body.GetProperty("cancel_requested").GetBoolean());
        }
        Platform.Model.Release(first);

        var stopped = await WaitForRunAsync(client, cancelled, "cancelled");
        Assert.Equal(["passed", "skipped"], stopped.GetProperty("stories").EnumerateArray().Select(s => s.GetProperty("status").GetString()));
        Assert.Equal(0, Platform.Model.RequestsContaining(second));
        using (var again = await client.PostAsync($"/v1/ralph/runs/{cancelled}/cancel", null))
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var merged = await WaitForRunAsync(client, parallel, "completed");
        Assert.Equal("2/2", merged.GetProperty("progress").GetProperty("summary").GetString());
        Assert.Contains("checked", merged.GetProperty("stories")[0].GetProperty("attempt_results")[0].GetProperty("test_output").GetString());
        Assert.Equal(["out/left.txt", "out/right.txt", "test.sh"], (await GitAsync("ls-tree", "-r", "--name-only", "ralph/parallel")).Split('\n'));

        var list = await client.GetFromJsonAsync<JsonElement>("/v1/ralph/runs?status=cancelled&limit=5");
        Assert.Equal([cancelled], list.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run_id").GetString()));
        var all = await client.GetFromJsonAsync<JsonElement>("/v1/ralph/runs");
        Assert.Equal([cancelled, parallel], all.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run_id").GetString()));
    }

    private static ScriptedReply Write(ScriptedCall call, string path, string content) =>
        (string?)call.Messages[^1]!["role"] == "tool"
            ? ScriptedReply.Say($"Wrote {path}.")
            : ScriptedReply.Call("write_file", new { path, content });

    /// <summary>A worker of its own agent whose codebase is a git repository with <c>test.sh</c> as its test command; once per platform.</summary>
    private async Task<string> StartWorkerAsync()
    {
        await WorkerStarted.WaitAsync();
        try
        {
            var path = Path.Combine(Platform.CodebaseRoot, "ralph-repo");
            if (repository is null)
            {
                Directory.CreateDirectory(path);
                repository = path;
                await File.WriteAllTextAsync(Path.Combine(path, "test.sh"), TestScript);
                await GitAsync("init", "-q", "-b", "main");
                await GitAsync("add", "-A");
                await GitAsync("-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "Start");
                await Platform.StartWorkerAsync(Agent, new Dictionary<string, string>
                {
                    ["Worker__Codebases__0__Name"] = "ralph-repo",
                    ["Worker__Codebases__0__Path"] = path,
                    ["Worker__Codebases__0__TestCommand"] = "sh test.sh",
                    ["Ralph__WorktreeRoot"] = Path.Combine(Platform.CodebaseRoot, ".ralph-worktrees"),
                });
            }
            return LocalCodebase.Of(Agent, "ralph-repo", path).Id;
        }
        finally
        {
            WorkerStarted.Release();
        }
    }

    private static async Task<string> GitAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = repository!, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var git = Process.Start(start)!;
        var output = await git.StandardOutput.ReadToEndAsync();
        var error = await git.StandardError.ReadToEndAsync();
        await git.WaitForExitAsync();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', arguments)}: {error}");
        return output.Trim();
    }

    private static async Task<JsonElement> ChatAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("/v1/prd/chat", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {json}");
        return json;
    }

    private static async Task<string> StartRunAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("/v1/ralph/runs", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {json}");
        Assert.Equal("pending", json.GetProperty("status").GetString());
        return json.GetProperty("run_id").GetString()!;
    }

    private static async Task ExpectProblemAsync(HttpClient client, object body, HttpStatusCode status, string field)
    {
        using var response = await client.PostAsJsonAsync("/v1/ralph/runs", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {json}");
        Assert.True(json.GetProperty("errors").TryGetProperty(field, out _), json.ToString());
    }

    private async Task<JsonElement> WaitForRunAsync(HttpClient client, string runId, string status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        JsonElement run;
        do
        {
            run = await client.GetFromJsonAsync<JsonElement>($"/v1/ralph/runs/{runId}");
            if (run.GetProperty("status").GetString() == status)
                return run;
            await Task.Delay(250);
        } while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Ralph run {runId} did not reach '{status}': {run}\n{Platform.Logs()}");
    }
}
