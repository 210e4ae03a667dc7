using CodeTether.Workers.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CodeTether.Tests.Integration.Workers;

/// <summary>The workers' model providers as the service registers them, with configuration of the test's own.</summary>
public static class ModelProviderHost
{
    public const int MaxAttempts = 3;

    /// <summary>Generous, so that a busy machine does not turn a slow attempt into an extra one.</summary>
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(30);

    public static IHost Build(IDictionary<string, string?> settings, TimeSpan? attemptTimeout = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Models:Retry:MaxAttempts"] = MaxAttempts.ToString(),
            ["Models:Retry:BaseDelay"] = "00:00:00.010",
            ["Models:Retry:MaxDelay"] = "00:00:30",
            ["Models:Retry:AttemptTimeout"] = (attemptTimeout ?? AttemptTimeout).ToString(),
        }).AddInMemoryCollection(settings);
        builder.AddModelProviders();
        return builder.Build();
    }

    public static ChatClientProvider Models(this IHost host) => host.Services.GetRequiredService<ChatClientProvider>();
}
