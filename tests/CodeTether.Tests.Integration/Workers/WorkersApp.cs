using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using CodeTether.ServiceDefaults;
using CodeTether.Workers.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CodeTether.Tests.Integration.Workers;

/// <summary>
/// The real workers service (its own Program: agent runtime, heartbeats, registry and its API) in memory, on a real
/// database and vhost, with the given settings over its appsettings.json and a clock the test moves.
/// </summary>
public sealed class WorkersApp(IReadOnlyDictionary<string, string> settings, TimeProvider clock) : WebApplicationFactory<WorkersDbContext>
{
    public static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting, unlike ConfigureAppConfiguration, is visible while Program registers its services.
        builder.UseSetting(GatewayIdentity.SigningKeySetting, SigningKey);
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.RemoveAll<TimeProvider>().AddSingleton(clock));
    }

    /// <summary>Sends a request as the gateway forwards one, with an identity minted now (ASP.NET Core checks it on the real clock).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        var key = GatewayIdentity.SigningKey(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [GatewayIdentity.SigningKeySetting] = SigningKey }).Build());
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add(GatewayIdentity.HeaderName, GatewayIdentity.CreateToken(key,
            new CallerIdentity(Guid.NewGuid(), "test", "pro", ["agents:read", "codebases:read", "codebases:write"]), TimeProvider.System));
        return await CreateClient().SendAsync(request);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {json}");
        return json;
    }

    /// <summary>Polls <paramref name="path"/> until it answers and <paramref name="condition"/> holds for the answer.</summary>
    public async Task<JsonElement> WaitForAsync(string path, Func<JsonElement, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonElement json;
        do
        {
            using var response = await SendAsync(HttpMethod.Get, path);
            json = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (response.IsSuccessStatusCode && condition(json))
                return json;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Timed out waiting until {what}: GET {path} answered {json}");
    }
}
