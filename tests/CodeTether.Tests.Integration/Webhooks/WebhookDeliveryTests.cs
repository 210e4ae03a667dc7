using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CodeTether.Contracts.Tasks;
using CodeTether.Testing;
using MassTransit;

namespace CodeTether.Tests.Integration.Webhooks;

public sealed class WebhookDeliveryTests(WebhooksFixture fixture) : IClassFixture<WebhooksFixture>
{
    private const string Awkward = "Ünïcödé — 日本語 🎉👍🏽 \"quoted\" \\back\\slash\\ new\nline\r\n\ttab \u0001 \u2028 </script> & + lone \ud800 end";
    private readonly WebhookReceiver receiver = fixture.Receiver;

    [Fact]
    public async Task Completed_task_gets_the_n8n_payload_signed_so_the_n8n_snippet_verifies_it()
    {
        var tenant = Guid.NewGuid();
        var secret = await SetSecretAsync(tenant, "n8n-secret-for-the-snippet");
        var path = $"/n8n/{Guid.NewGuid():N}";
        var task = await fixture.QueueTaskAsync(tenant, receiver.Url(path).ToString());
        var completedAt = new DateTimeOffset(2026, 2, 10, 12, 2, 25, TimeSpan.Zero);
        await fixture.CompleteAsync(task, Awkward, completedAt);

        var webhook = (await receiver.WaitForAsync(path, 1)).Single();

        Assert.Null(await N8nSignatureSnippet.VerifyAsync(webhook, secret));
        var expectedBody = $"{{\"event\":\"task_completed\",\"run_id\":\"{task.RunId}\",\"task_id\":\"{task.TaskId}\",\"status\":\"completed\"," +
            $"\"result\":{JsonSerializer.Serialize(Awkward)},\"error\":null,\"timestamp\":\"2026-02-10T12:02:25Z\"}}";
        Assert.Equal(JsonDocument.Parse(expectedBody).RootElement.GetProperty("result").GetString(),
            JsonDocument.Parse(webhook.Body).RootElement.GetProperty("result").GetString());
        Assert.StartsWith("{\"event\":\"task_completed\",\"run_id\":", Encoding.UTF8.GetString(webhook.Body));
        Assert.Contains("日本語 🎉", Encoding.UTF8.GetString(webhook.Body));
        Assert.StartsWith("application/json", webhook.Header("content-type"));
        Assert.Matches("^[0-9]+$", webhook.Header("x-codetether-timestamp"));
        Assert.Equal(webhook.Header("x-codetether-timestamp"), webhook.Header("webhook-timestamp"));
        Assert.StartsWith("msg_", webhook.Header("webhook-id"));
        Assert.Equal(CodeTether.Webhooks.Deliveries.WebhookSignature.StandardWebhooks(secret, webhook.Header("webhook-id"),
            long.Parse(webhook.Header("webhook-timestamp")), webhook.Body), webhook.Header("webhook-signature"));

        var delivery = (await fixture.WaitForDeliveriesAsync(tenant, task.TaskId, d => d.Any(x => Status(x) == "delivered"))).Single();
        Assert.Equal("task.completed", delivery.GetProperty("event").GetString());
        Assert.Equal(200, delivery.GetProperty("attempts")[0].GetProperty("status_code").GetInt32());
        Assert.Equal("ok", delivery.GetProperty("attempts")[0].GetProperty("response_start").GetString());
    }

    [Fact]
    public async Task Without_a_secret_nothing_is_signed()
    {
        var tenant = Guid.NewGuid();
        var path = $"/unsigned/{Guid.NewGuid():N}";
        var task = await fixture.QueueTaskAsync(tenant, receiver.Url(path).ToString());
        await fixture.PublishAsync(new TaskFailed { TaskId = task.TaskId, TenantId = tenant, RunId = task.RunId, Error = "boom", FailedAt = DateTimeOffset.UtcNow });

        var webhook = (await receiver.WaitForAsync(path, 1)).Single();
        Assert.Equal("", webhook.Header("x-codetether-signature"));
        Assert.Equal("", webhook.Header("webhook-signature"));
        using var body = JsonDocument.Parse(webhook.Body);
        Assert.Equal("task_failed", body.RootElement.GetProperty("event").GetString());
        Assert.Equal("boom", body.RootElement.GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("result").ValueKind);
    }

    [Fact]
    public async Task A_cancelled_task_gets_task_cancelled()
    {
        var tenant = Guid.NewGuid();
        var path = $"/cancelled/{Guid.NewGuid():N}";
        var task = await fixture.QueueTaskAsync(tenant, receiver.Url(path).ToString());
        await fixture.PublishAsync(new TaskCancelled { TaskId = task.TaskId, TenantId = tenant, RunId = task.RunId, CancelledAt = DateTimeOffset.UtcNow });

        using var body = JsonDocument.Parse((await receiver.WaitForAsync(path, 1)).Single().Body);
        Assert.Equal("task_cancelled", body.RootElement.GetProperty("event").GetString());
        Assert.Equal("cancelled", body.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_receiver_that_never_answers_does_not_hold_up_the_others()
    {
        var tenant = Guid.NewGuid();
        var slowPath = $"/hanging/{Guid.NewGuid():N}";
        var fastPath = $"/fast/{Guid.NewGuid():N}";
        receiver.Hang(slowPath);
        var slow = await fixture.QueueTaskAsync(tenant, receiver.Url(slowPath).ToString());
        await fixture.CompleteAsync(slow, "slow");
        await receiver.WaitForAsync(slowPath, 1);

        var fast = await fixture.QueueTaskAsync(tenant, receiver.Url(fastPath).ToString());
        await fixture.CompleteAsync(fast, "fast");
        await receiver.WaitForAsync(fastPath, 1);
        Assert.Equal(0, (await fixture.WaitForDeliveriesAsync(tenant, slow.TaskId, d => d.Length == 1))[0].GetProperty("attempt_count").GetInt32());

        var timedOut = (await fixture.WaitForDeliveriesAsync(tenant, slow.TaskId, d => d[0].GetProperty("attempt_count").GetInt32() >= 1))[0];
        Assert.Equal("No answer within 15 s.", timedOut.GetProperty("attempts")[0].GetProperty("error").GetString());
    }

    [Fact]
    public async Task After_a_rotation_both_secrets_sign_during_the_grace_period()
    {
        var tenant = Guid.NewGuid();
        var old = await SetSecretAsync(tenant, null);
        var current = await SetSecretAsync(tenant, null);
        var path = $"/rotated/{Guid.NewGuid():N}";
        var task = await fixture.QueueTaskAsync(tenant, receiver.Url(path).ToString());
        await fixture.CompleteAsync(task, "done");

        var webhook = (await receiver.WaitForAsync(path, 1)).Single();
        Assert.Null(await N8nSignatureSnippet.VerifyAsync(webhook, current));
        Assert.Equal(CodeTether.Webhooks.Deliveries.WebhookSignature.CodeTether(old, webhook.Body), webhook.Header("x-codetether-signature-previous"));
        Assert.Equal(2, webhook.Header("webhook-signature").Split(' ').Length);

        using var client = fixture.ClientFor(tenant);
        var status = await client.GetFromJsonAsync<JsonElement>("/v1/webhooks/secret");
        Assert.True(status.GetProperty("configured").GetBoolean());
        Assert.False(status.TryGetProperty("secret", out _));
    }

    [Fact]
    public async Task Failures_are_retried_with_the_same_webhook_id_until_delivered()
    {
        var tenant = Guid.NewGuid();
        var path = $"/flaky/{Guid.NewGuid():N}";
        receiver.Answer(path, 500, 502);
        var task = await fixture.QueueTaskAsync(tenant, receiver.Url(path).ToString());
        await fixture.CompleteAsync(task, "third time lucky");

        var received = await receiver.WaitForAsync(path, 3);
        Assert.Single(received.Select(r => r.Header("webhook-id")).Distinct());
        Assert.Single(received.Select(r => Convert.ToBase64String(r.Body)).Distinct());

        var delivery = (await fixture.WaitForDeliveriesAsync(tenant, task.TaskId, d => d.Any(x => Status(x) == "delivered"))).Single();
        Assert.Equal(3, delivery.GetProperty("attempt_count").GetInt32());
        Assert.Equal([500, 502, 200], delivery.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("status_code").GetInt32()));
        Assert.Equal("answer 500", delivery.GetProperty("attempts")[0].GetProperty("response_start").GetString());
    }

    [Fact]
    public async Task Retry_after_on_503_is_honoured()
    {
        var tenant = Guid.NewGuid();
        var path = $"/busy/{Guid.NewGuid():N}";
        receiver.Answer(path, 503, new Dictionary<string, string> { ["Retry-After"] = "4" });
        var task = await fixture.QueueTaskAsync(tenant, receiver.Url(path).ToString());
        await fixture.CompleteAsync(task, "later");

        var received = await receiver.WaitForAsync(path, 2);
        // The schedule's wait is 1 s; the receiver asked for 4. The scheduler never sends early.
        Assert.True(received[1].At - received[0].At >= TimeSpan.FromSeconds(3.9), $"retried after {received[1].At - received[0].At}");
        await fixture.WaitForDeliveriesAsync(tenant, task.TaskId, d => d.Any(x => Status(x) == "delivered"));
    }

    [Fact]
    public async Task A_delivery_is_dead_after_the_last_attempt_and_can_be_redelivered()
    {
        var tenant = Guid.NewGuid();
        var path = $"/down/{Guid.NewGuid():N}";
        receiver.Answer(path, Enumerable.Repeat(500, WebhooksFixture.MaxAttempts).ToArray());
        var task = await fixture.QueueTaskAsync(tenant, receiver.Url(path).ToString());
        await fixture.CompleteAsync(task, "eventually");

        var dead = (await fixture.WaitForDeliveriesAsync(tenant, task.TaskId, d => d.Any(x => Status(x) == "dead"))).Single();
        Assert.Equal(WebhooksFixture.MaxAttempts, dead.GetProperty("attempt_count").GetInt32());
        Assert.Equal(JsonValueKind.Null, dead.GetProperty("next_attempt_at").ValueKind);
        Assert.Equal(WebhooksFixture.MaxAttempts, receiver.At(path).Count);

        using var client = fixture.ClientFor(tenant);
        using var other = fixture.ClientFor(Guid.NewGuid());
        var id = dead.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/v1/webhooks/deliveries/{id}/redeliver", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/v1/webhooks/deliveries/{id}")).StatusCode);
        using var redeliver = await client.PostAsync($"/v1/webhooks/deliveries/{id}/redeliver", null);
        Assert.Equal(HttpStatusCode.Accepted, redeliver.StatusCode);

        var received = await receiver.WaitForAsync(path, WebhooksFixture.MaxAttempts + 1);
        Assert.Single(received.Select(r => r.Header("webhook-id")).Distinct());
        var delivered = (await fixture.WaitForDeliveriesAsync(tenant, task.TaskId, d => d.Any(x => Status(x) == "delivered"))).Single();
        Assert.Equal(WebhooksFixture.MaxAttempts + 1, delivered.GetProperty("attempt_count").GetInt32());

        var one = await client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/deliveries/{id}");
        Assert.Equal(Encoding.UTF8.GetString(received[0].Body), one.GetProperty("payload").GetString());
    }

    [Fact]
    public async Task The_same_transition_published_twice_is_delivered_once()
    {
        var tenant = Guid.NewGuid();
        var path = $"/once/{Guid.NewGuid():N}";
        var task = await fixture.QueueTaskAsync(tenant, receiver.Url(path).ToString());
        var completed = new TaskCompleted
        {
            TaskId = task.TaskId, TenantId = tenant, RunId = task.RunId, Result = "once", ResultSummary = "once", CompletedAt = DateTimeOffset.UtcNow,
        };
        await fixture.PublishAsync(completed);
        await fixture.PublishAsync(completed);
        await receiver.WaitForAsync(path, 1);

        // A later task's webhook to the same receiver: by the time it arrives, the copy has long been consumed.
        var markerPath = $"/once-marker/{Guid.NewGuid():N}";
        var marker = await fixture.QueueTaskAsync(tenant, receiver.Url(markerPath).ToString());
        await fixture.CompleteAsync(marker, "marker");
        await receiver.WaitForAsync(markerPath, 1);
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Single(receiver.At(path));
        Assert.Single(await fixture.WaitForDeliveriesAsync(tenant, task.TaskId, d => d.Length > 0));
    }

    [Fact]
    public async Task A_private_address_is_refused_without_retries()
    {
        var tenant = Guid.NewGuid();
        var task = await fixture.QueueTaskAsync(tenant, "http://10.255.255.1/hook");
        await fixture.CompleteAsync(task, "nope");

        var dead = (await fixture.WaitForDeliveriesAsync(tenant, task.TaskId, d => d.Any(x => Status(x) == "dead"))).Single();
        Assert.Equal(1, dead.GetProperty("attempt_count").GetInt32());
        var attempt = dead.GetProperty("attempts")[0];
        Assert.Equal(JsonValueKind.Null, attempt.GetProperty("status_code").ValueKind);
        Assert.Contains("10.255.255.1 (Private)", attempt.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Notify_email_gets_an_email_when_the_task_fails()
    {
        var tenant = Guid.NewGuid();
        var address = $"user-{Guid.NewGuid():N}@example.com";
        var task = await fixture.QueueTaskAsync(tenant, null, address, title: "Nightly report");
        await fixture.PublishAsync(new TaskFailed { TaskId = task.TaskId, TenantId = tenant, RunId = task.RunId, Error = "The model was unavailable.", FailedAt = DateTimeOffset.UtcNow });

        var mail = await fixture.Smtp.WaitForAsync(m => m.To.Any(t => t.Contains(address)));
        Assert.Contains("Subject: Task failed: Nightly report", mail.Data);
        Assert.Contains("The model was unavailable.", mail.Data);
        Assert.Contains(task.TaskId.ToString(), mail.Data);
    }

    [Fact]
    public async Task Deliveries_filters_are_validated()
    {
        using var client = fixture.ClientFor(Guid.NewGuid());
        using var response = await client.GetAsync("/v1/webhooks/deliveries?status=lost&task_id=nope&limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("status", out _));
        Assert.True(errors.TryGetProperty("task_id", out _));
        Assert.True(errors.TryGetProperty("limit", out _));

        using var generated = await client.PutAsync("/v1/webhooks/secret", null);
        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        Assert.StartsWith("whsec_", (await generated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString());

        using var secret = await client.PutAsJsonAsync("/v1/webhooks/secret", new { secret = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, secret.StatusCode);
        Assert.True((await secret.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("secret", out _));
    }

    private async Task<string> SetSecretAsync(Guid tenant, string? chosen)
    {
        using var client = fixture.ClientFor(tenant);
        using var response = await client.PutAsJsonAsync("/v1/webhooks/secret", new { secret = chosen });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("secret").GetString()!;
    }

    private static string? Status(JsonElement delivery) => delivery.GetProperty("status").GetString();
}
