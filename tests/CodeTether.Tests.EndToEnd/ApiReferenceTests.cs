using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CodeTether.Testing;

namespace CodeTether.Tests.EndToEnd;

/// <summary>The gateway's description of the whole public API and its reference page, open to anyone.</summary>
[Collection(PlatformCollection.Name)]
public class ApiReferenceTests(PlatformFixture fixture)
{
    private Platform Platform => fixture.Platform;

    [Fact]
    public async Task The_gateway_serves_every_services_public_routes_in_one_document_without_a_key()
    {
        using var anonymous = new HttpClient { BaseAddress = Platform.GatewayUrl };

        var document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi.json");

        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/v1/automation/tasks").TryGetProperty("post", out var create));
        Assert.True(paths.GetProperty("/v1/automation/tasks").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/v1/automation/tasks/{id}").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/v1/automation/me").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/v1/keys").TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/v1/cronjobs", out _));
        Assert.True(paths.GetProperty("/v1/agents").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/v1/agents/{name}").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/v1/agents/send").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/v1/codebases").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/v1/models").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/v1/ralph/runs").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/v1/ralph/runs").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/v1/ralph/runs/{id}").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/v1/ralph/runs/{id}/cancel").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/v1/prd/chat").TryGetProperty("post", out _));
        Assert.Contains(create.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key");
        var createdSchema = document.GetProperty("components").GetProperty("schemas").GetProperty("CreateTaskRequest").GetProperty("properties");
        foreach (var field in new[] { "title", "description", "agent_type", "model", "priority", "codebase_id", "webhook_url", "notify_email", "timeout_seconds" })
            Assert.True(createdSchema.TryGetProperty(field, out _), $"CreateTaskRequest has no {field}");
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task The_reference_page_is_served_without_a_key()
    {
        using var anonymous = new HttpClient { BaseAddress = Platform.GatewayUrl };

        using var page = await anonymous.GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("CodeTether API", html);
        var script = Regex.Match(html, "<script[^>]+src=\"([^\"]+)\"");
        Assert.True(script.Success, html);
        using var bundle = await anonymous.GetAsync(new Uri(page.RequestMessage!.RequestUri!, script.Groups[1].Value));
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.Equal(Platform.GatewayUrl.Authority, bundle.RequestMessage!.RequestUri!.Authority);
    }
}
