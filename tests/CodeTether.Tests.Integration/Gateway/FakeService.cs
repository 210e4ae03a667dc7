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
    /// <summary>A request with this header is answered with that status code.</summary>
    public const string StatusHeader = "X-Test-Status";

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
        // A test asks for an error answer with this header; the answer still echoes the request.
        app.Map("/{**path}", (HttpContext context) => Results.Json(new EchoedRequest(
            name,
            context.Request.Method,
            context.Request.Path,
            context.Request.QueryString.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            context.Caller()), statusCode: int.TryParse(context.Request.Headers[StatusHeader], out var status) ? status : 200));
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        return new FakeService(app, app.Urls.Single());
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
