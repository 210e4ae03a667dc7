using CodeTether.Workers.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CodeTether.Tests.Integration.Workers;

/// <summary>The workers' model providers as the service registers them, with configuration of the test's own.</summary>
public static class ModelProviderHost
{
    public const int MaxAttempts = 3;
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);

    public static IHost Build(IDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Models:Retry:MaxAttempts"] = MaxAttempts.ToString(),
            ["Models:Retry:BaseDelay"] = "00:00:00.010",
            ["Models:Retry:MaxDelay"] = "00:00:30",
            ["Models:Retry:AttemptTimeout"] = AttemptTimeout.ToString(),
        }).AddInMemoryCollection(settings);
        builder.AddModelProviders();
        return builder.Build();
    }

    public static ChatClientProvider Models(this IHost host) => host.Services.GetRequiredService<ChatClientProvider>();
}
