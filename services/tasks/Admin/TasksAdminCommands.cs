using System.Globalization;
using System.Text.Json;
using CodeTether.ServiceDefaults;
using CodeTether.Tasks.Data;
using CodeTether.Tasks.Journal;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Tasks.Admin;

/// <summary>
/// <c>CodeTether.Tasks admin …</c>: operator commands on the journal and the error queues. They live in the tasks service
/// because it owns the journal's index (by task, type and time) and already talks to RabbitMQ. They read the service's
/// configuration, print one JSON line on stdout and never start the web server.
/// Exit codes: 0 done, 1 failed, 2 the command line is wrong.
/// </summary>
public static class TasksAdminCommands
{
    public const string Usage = """
        usage: CodeTether.Tasks admin journal replay (--task ID | --type TYPE | --from TIME --to TIME) [--to-queue NAME] [--force]
               CodeTether.Tasks admin errors list [--queue NAME]
               CodeTether.Tasks admin errors redrive --queue NAME [--message-id ID]
        """;

    private static readonly JsonSerializerOptions Json = CreateJsonOptions();

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        Func<IServiceProvider, Task<object>> command;
        try
        {
            command = Parse(args);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync($"{e.Message}\n{Usage}");
            return 2;
        }

        try
        {
            await using var app = BuildHost();
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<TasksDbContext>().Database.MigrateAsync();
            var result = await command(scope.ServiceProvider);
            await output.WriteLineAsync(JsonSerializer.Serialize(result, result.GetType(), Json));
            return 0;
        }
        catch (Exception e)
        {
            await error.WriteLineAsync($"admin {string.Join(' ', args)} failed: {e.GetBaseException().Message}");
            return 1;
        }
    }

    private static Func<IServiceProvider, Task<object>> Parse(string[] args) => args switch
    {
        ["journal", "replay", .. var rest] => Replay(Options(rest, ["task", "type", "from", "to", "to-queue"], ["force"])),
        ["errors", "list", .. var rest] => ErrorsList(Options(rest, ["queue"], [])),
        ["errors", "redrive", .. var rest] => Redrive(Options(rest, ["queue", "message-id"], [])),
        _ => throw new ArgumentException($"Unknown command 'admin {string.Join(' ', args)}'."),
    };

    private static Func<IServiceProvider, Task<object>> Replay(Dictionary<string, string?> options)
    {
        var selection = new JournalSelection(
            options.GetValueOrDefault("task") is { } task ? Guid.TryParse(task, out var id) ? id : throw new ArgumentException($"--task must be a task id, not '{task}'.") : null,
            options.GetValueOrDefault("type"),
            Time(options, "from"),
            Time(options, "to"));
        if (selection.IsEmpty)
            throw new ArgumentException("Say what to replay: --task, --type, or --from and --to.");
        var toQueue = options.GetValueOrDefault("to-queue");
        var force = options.ContainsKey("force");
        return async services => await new JournalReplayer(services.GetRequiredService<TasksDbContext>(),
            Messaging.RabbitMqAddress(services.GetRequiredService<IConfiguration>())).ReplayAsync(selection, toQueue, force, CancellationToken.None);
    }

    private static Func<IServiceProvider, Task<object>> ErrorsList(Dictionary<string, string?> options) =>
        async services => new { Queues = await ErrorQueues(services).ListAsync(options.GetValueOrDefault("queue"), CancellationToken.None) };

    private static Func<IServiceProvider, Task<object>> Redrive(Dictionary<string, string?> options)
    {
        var queue = options.GetValueOrDefault("queue") ?? throw new ArgumentException("--queue is required.");
        return async services => await ErrorQueues(services).RedriveAsync(queue, options.GetValueOrDefault("message-id"), CancellationToken.None);
    }

    private static ErrorQueues ErrorQueues(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        return new ErrorQueues(Messaging.RabbitMqAddress(configuration), Messaging.RabbitMqManagementAddress(configuration));
    }

    private static DateTimeOffset? Time(Dictionary<string, string?> options, string name) => options.GetValueOrDefault(name) switch
    {
        null => null,
        var value when DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) => time,
        var value => throw new ArgumentException($"--{name} must be a time such as 2026-11-23T13:00:00Z, not '{value}'."),
    };

    /// <summary><c>--name value</c> pairs and bare <c>--flag</c>s, each allowed at most where listed.</summary>
    private static Dictionary<string, string?> Options(IReadOnlyList<string> args, string[] valued, string[] flags)
    {
        var options = new Dictionary<string, string?>();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : "";
            if (flags.Contains(name))
                options[name] = null;
            else if (valued.Contains(name) && i + 1 < args.Count)
                options[name] = args[++i];
            else
                throw new ArgumentException($"Unexpected argument '{args[i]}'. Options here: {string.Join(", ", valued.Concat(flags).Select(o => "--" + o))}.");
        }
        return options;
    }

    private static WebApplication BuildHost()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.AddServiceDatabase<TasksDbContext>();
        return builder.Build();
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions();
        HostingExtensions.ConfigureJson(options);
        return options;
    }
}
