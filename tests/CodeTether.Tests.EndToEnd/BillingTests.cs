using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodeTether.Testing;

namespace CodeTether.Tests.EndToEnd;

/// <summary>Token usage reported by the model provider reaches the tenant's bill, through the gateway.</summary>
[Collection(PlatformCollection.Name)]
public class BillingTests(PlatformFixture fixture)
{
    private Platform Platform => fixture.Platform;

    [Fact]
    public async Task The_tokens_a_task_used_are_counted_and_priced_for_its_tenant()
    {
        using var client = await Platform.CreateTenantClientAsync();
        var prompt = $"Count the words in this sentence, reference {Guid.NewGuid()}.";
        var created = await client.CreateTaskAsync(new { title = "Billing check", description = prompt, model = "gpt-4o" });
        await client.WaitForStatusAsync(created.GetProperty("task_id").GetString()!, "completed");

        var call = Assert.Single(Platform.Model.Requests, r => r.ToJsonString().Contains(prompt));
        long inputTokens = call["messages"]!.AsArray().Sum(m => Words(m!["content"]!.ToString()));
        long outputTokens = Words($"Fake model answer to: {prompt}");

        var usage = await client.WaitForUsageAsync(requests: 1);
        Assert.Equal(inputTokens, usage.GetProperty("input_tokens").GetInt64());
        Assert.Equal(outputTokens, usage.GetProperty("output_tokens").GetInt64());
        Assert.Equal(inputTokens + outputTokens, usage.GetProperty("total_tokens").GetInt64());
        Assert.Equal(inputTokens * 2.5m / 1_000_000m + outputTokens * 10m / 1_000_000m, usage.GetProperty("total_cost").GetDecimal());
        var model = Assert.Single(usage.GetProperty("by_model").EnumerateArray());
        Assert.Equal("openai:gpt-4o", model.GetProperty("model").GetString());
        Assert.Equal(JsonValueKind.Null, usage.GetProperty("spending_limit").ValueKind);
    }

    [Fact]
    public async Task Once_the_spending_limit_is_reached_new_tasks_get_402_and_cron_runs_fail_until_it_is_raised()
    {
        using var client = await Platform.CreateTenantClientAsync();
        (await client.PutAsJsonAsync("/v1/billing/limits", new { spending_limit = 0.000001m })).EnsureSuccessStatusCode();
        var first = await client.CreateTaskAsync(new { title = "Spend a little", model = "gpt-4o" });
        await client.WaitForStatusAsync(first.GetProperty("task_id").GetString()!, "completed");

        // The tasks service learns of the limit from billing's event, so a few tasks may still pass meanwhile.
        var acceptedMeanwhile = 0;
        var refused = await EventuallyAsync(async () =>
        {
            var response = await client.PostAsJsonAsync("/v1/automation/tasks", new { title = "One more", model = "simulator" });
            if (response.StatusCode == HttpStatusCode.Created)
                acceptedMeanwhile++;
            return response;
        }, response => response.StatusCode == HttpStatusCode.PaymentRequired);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("spending limit", (await refused.Content.ReadAsStringAsync()).ToLowerInvariant());
        var list = await client.GetFromJsonAsync<JsonElement>("/v1/automation/tasks");
        Assert.Equal(1 + acceptedMeanwhile, list.GetProperty("total").GetInt32());

        // A cron job's task is refused too: its run fails with the reason, and no task is created.
        var job = await client.PostAsJsonAsync("/v1/cronjobs", new { name = "Nightly", cron_expression = "0 3 * * *", task_template = "Summarise" });
        var jobId = (await job.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        (await client.PostAsync($"/v1/cronjobs/{jobId}/trigger", null)).EnsureSuccessStatusCode();
        var run = await EventuallyAsync(
            async () => (await client.GetFromJsonAsync<JsonElement>($"/v1/cronjobs/{jobId}/runs")).GetProperty("runs")[0],
            latest => latest.GetProperty("status").GetString() != "submitted");
        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Contains("spending limit", run.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v1/automation/tasks/{run.GetProperty("task_id").GetString()}")).StatusCode);

        (await client.PutAsJsonAsync("/v1/billing/limits", new { spending_limit = 100m })).EnsureSuccessStatusCode();
        await EventuallyAsync(() => client.PostAsJsonAsync("/v1/automation/tasks", new { title = "Allowed again", model = "simulator" }),
            response => response.StatusCode == HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_malformed_month_or_a_negative_limit_is_a_400_problem()
    {
        using var client = await Platform.CreateTenantClientAsync();

        var month = await client.GetAsync("/v1/billing/usage?month=2026-13");
        Assert.Equal(HttpStatusCode.BadRequest, month.StatusCode);
        Assert.Contains("YYYY-MM", await month.Content.ReadAsStringAsync());

        var limit = await client.PutAsJsonAsync("/v1/billing/limits", new { spending_limit = -5 });
        Assert.Equal(HttpStatusCode.BadRequest, limit.StatusCode);
        Assert.Equal("application/problem+json", limit.Content.Headers.ContentType?.MediaType);
        var limits = await client.GetFromJsonAsync<JsonElement>("/v1/billing/limits");
        Assert.Equal(JsonValueKind.Null, limits.GetProperty("spending_limit").ValueKind);
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> attempt, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var result = await attempt();
            if (done(result))
                return result;
            await Task.Delay(250);
        }
        throw new TimeoutException("The expected answer did not come within 60 s.");
    }

    private static long Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
}
