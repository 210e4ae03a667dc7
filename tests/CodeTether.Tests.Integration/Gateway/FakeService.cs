using CodeTether.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CodeTether.Tests.Integration.Gateway;

/// <summary>
/// Stands in for one of the services behind the gateway, on its own Kestrel port: it accepts requests exactly as the
/// real services do (<see cref="GatewayIdentity.AddGatewayAuthentication"/>) and echoes what it got.
/// </summary>
public sealed class FakeService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeService(WebApplication app, string address) => (_app, Address) = (app, address);

    public string Address { get; }

    public static async Task<FakeService> StartAsync(string name, string signingKey)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration[GatewayIdentity.SigningKeySetting] = signingKey;
        builder.Logging.ClearProviders();
        builder.AddGatewayAuthentication();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.Map("/{**path}", (HttpContext context) => new EchoedRequest(
            name,
            context.Request.Method,
            context.Request.Path,
            context.Request.QueryString.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            context.Caller()));
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        return new FakeService(app, app.Urls.Single());
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
