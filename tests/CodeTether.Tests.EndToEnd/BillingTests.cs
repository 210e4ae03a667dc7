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

        var usage = await WaitForUsageAsync(client, requests: 1);
        Assert.Equal(inputTokens, usage.GetProperty("input_tokens").GetInt64());
        Assert.Equal(outputTokens, usage.GetProperty("output_tokens").GetInt64());
        Assert.Equal(inputTokens + outputTokens, usage.GetProperty("total_tokens").GetInt64());
        Assert.Equal(inputTokens * 2.5m / 1_000_000m + outputTokens * 10m / 1_000_000m, usage.GetProperty("total_cost").GetDecimal());
        var model = Assert.Single(usage.GetProperty("by_model").EnumerateArray());
        Assert.Equal("openai:gpt-4o", model.GetProperty("model").GetString());
        Assert.Equal(JsonValueKind.Null, usage.GetProperty("spending_limit").ValueKind);
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

    private static async Task<JsonElement> WaitForUsageAsync(HttpClient client, int requests)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonElement usage;
        do
        {
            usage = await client.GetFromJsonAsync<JsonElement>("/v1/billing/usage");
            if (usage.GetProperty("total_requests").GetInt32() >= requests)
                return usage;
            await Task.Delay(200);
        } while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Usage did not reach {requests} requests: {usage}");
    }

    private static long Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
}
