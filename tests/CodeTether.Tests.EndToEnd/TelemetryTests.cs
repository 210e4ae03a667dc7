using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodeTether.Testing;

namespace CodeTether.Tests.EndToEnd;

/// <summary>
/// One trace for one task: the caller's <c>traceparent</c> goes through the gateway, the tasks service and its outbox, the
/// bus, the worker and the saga, to the webhook the webhooks service posts; the services' log lines carry it.
/// </summary>
[Collection(PlatformCollection.Name)]
public class TelemetryTests(PlatformFixture fixture) : IAsyncLifetime
{
    private Platform Platform => fixture.Platform;
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    [Fact]
    public async Task The_trace_a_task_was_created_in_reaches_its_webhook_and_the_workers_log_lines()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var path = $"/webhook/traced/{Guid.NewGuid():N}";

        var taskId = await CreateTracedTaskAsync(client, traceId, new { title = "Traced", model = "gpt-4o", webhook_url = receiver.Url(path).ToString() });

        var webhook = (await receiver.WaitForAsync(path, 1, TimeSpan.FromSeconds(90))).Single();
        Assert.Equal(traceId, TraceIdOf(webhook.Header("traceparent")));
        var workerLines = await LinesAboutAsync(Platform["workers"], taskId);
        Assert.All(workerLines, line => Assert.Contains($"TraceId:{traceId}", line));
    }

    [Fact]
    public async Task A_task_that_waited_for_a_slot_runs_in_its_own_trace_not_in_that_of_the_task_that_freed_it()
    {
        using var client = await Platform.CreateTenantClientAsync(plan: "free");
        var run = Guid.NewGuid();
        var holders = Enumerable.Range(0, 5).Select(i => $"trace slot {i} {run}").ToList();
        holders.ForEach(Platform.Model.Hold);
        try
        {
            foreach (var holder in holders)
                await client.CreateTaskAsync(new { title = "Holder", description = holder, model = "gpt-4o" });
            await TaskApi.WaitUntilAsync(() => holders.All(h => Platform.Model.RequestsContaining(h) == 1), "five tasks hold the slots");

            var traceId = ActivityTraceId.CreateRandom().ToHexString();
            var path = $"/webhook/waited/{Guid.NewGuid():N}";
            var waiting = await CreateTracedTaskAsync(client, traceId, new { title = "Waiting", model = "gpt-4o", webhook_url = receiver.Url(path).ToString() });
            Assert.Equal("queued", (await client.GetTaskAsync(waiting)).GetProperty("status").GetString());

            Platform.Model.Release(holders[0]);

            var webhook = (await receiver.WaitForAsync(path, 1, TimeSpan.FromSeconds(90))).Single();
            Assert.Equal(traceId, TraceIdOf(webhook.Header("traceparent")));
            Assert.All(await LinesAboutAsync(Platform["workers"], waiting), line => Assert.Contains($"TraceId:{traceId}", line));
        }
        finally
        {
            holders.ForEach(Platform.Model.Release);
        }
    }

    private static async Task<string> CreateTracedTaskAsync(HttpClient client, string traceId, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/automation/tasks") { Content = JsonContent.Create(body) };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await client.SendAsync(request);
        var task = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {task}");
        return task.GetProperty("task_id").GetString()!;
    }

    /// <summary>The trace id of a W3C <c>traceparent</c> (<c>00-{trace id}-{span id}-{flags}</c>).</summary>
    private static string TraceIdOf(string traceParent) => traceParent.Split('-') is [_, var traceId, _, _] ? traceId : $"(not a traceparent: '{traceParent}')";

    /// <summary>The service's log lines that name the task, once there is one.</summary>
    private static async Task<IReadOnlyList<string>> LinesAboutAsync(ServiceProcess service, string taskId)
    {
        IReadOnlyList<string> lines = [];
        await TaskApi.WaitUntilAsync(() => (lines = ReadLog(service).Where(l => l.Contains(taskId)).ToList()).Count > 0, $"{service.Name} logs about task {taskId}");
        return lines;
    }

    private static IEnumerable<string> ReadLog(ServiceProcess service)
    {
        using var stream = new FileStream(service.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n');
    }
}
