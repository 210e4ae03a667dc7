using System.Text.Json;
using CodeTether.Gateway.ApiKeys;
using CodeTether.Gateway.Data;
using CodeTether.ServiceDefaults;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Gateway.Admin;

/// <summary>
/// <c>CodeTether.Gateway admin …</c>: operator commands run by the platform's scripts. They read the service's own
/// configuration, migrate its database, print one JSON line on stdout and never start the web server.
/// Exit codes: 0 done, 1 failed (unknown tenant, database unreachable…), 2 the command line is wrong.
/// </summary>
public static class AdminCommands
{
    private static readonly JsonSerializerOptions Json = CreateJsonOptions();

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        AdminCommand command;
        try
        {
            command = AdminCommand.Parse(args);
        }
        catch (AdminUsageException e)
        {
            await error.WriteLineAsync($"{e.Message}\n{AdminCommand.Usage}");
            return 2;
        }

        try
        {
            await using var app = BuildHost();
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<GatewayDbContext>().Database.MigrateAsync();
            var result = await command.ExecuteAsync(scope.ServiceProvider, CancellationToken.None);
            await output.WriteLineAsync(JsonSerializer.Serialize(result, result.GetType(), Json));
            return 0;
        }
        catch (AdminUsageException e)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }
        catch (Exception e)
        {
            await error.WriteLineAsync($"admin {string.Join(' ', args)} failed: {e.GetBaseException().Message}");
            return 1;
        }
    }

    /// <summary>The service's configuration sources (appsettings.json, environment); the command's own arguments are not configuration.</summary>
    private static WebApplication BuildHost()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.AddServiceDatabase<GatewayDbContext>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<ApiKeyIssuer>();
        return builder.Build();
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions();
        HostingExtensions.ConfigureJson(options);
        return options;
    }
}
