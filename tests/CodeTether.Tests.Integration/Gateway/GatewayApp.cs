using CodeTether.Gateway.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CodeTether.Tests.Integration.Gateway;

/// <summary>The real gateway (its own Program), in memory, with the given settings over its appsettings.json.</summary>
/// <remarks>Any public type of the gateway names its assembly's entry point; the services' Program classes are all called Program.</remarks>
public sealed class GatewayApp(IReadOnlyDictionary<string, string> settings, TimeProvider? clock = null) : WebApplicationFactory<GatewayDbContext>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting, unlike ConfigureAppConfiguration, is visible while Program registers its services.
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
        if (clock is not null)
            builder.ConfigureServices(services => services.AddSingleton(clock));
    }
}
