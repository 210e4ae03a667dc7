using System.Text.RegularExpressions;
using CodeTether.Testing;
using CodeTether.Tests.EndToEnd.N8n;
using Xunit.Abstractions;

namespace CodeTether.Tests.EndToEnd.Zapier;

/// <summary>
/// The Zapier app in integrations/zapier: its dependencies installed once per machine and lock file
/// (scripts/prepare.sh, npm ci), and its jest suites run with npm.
/// </summary>
public static partial class ZapierApp
{
    public static string Folder { get; } = Path.Combine(ServiceProcess.RepositoryRoot, "integrations", "zapier");

    private static readonly Lazy<Task> Prepared = new(() =>
        CommandLine.RunCheckedAsync(Path.Combine(Folder, "scripts", "prepare.sh"), [], Folder, TimeSpan.FromMinutes(15)));

    /// <summary>`npm run <paramref name="script"/>` once the dependencies are there; jest's report goes to the test's output.</summary>
    public static async Task<JestRun> RunAsync(string script, IReadOnlyDictionary<string, string>? environment = null,
        ITestOutputHelper? output = null)
    {
        await Prepared.Value;
        var result = await CommandLine.RunAsync("npm", ["run", script], Folder, TimeSpan.FromMinutes(15), environment);
        output?.WriteLine(result.ToString());
        return new JestRun(result);
    }

    [GeneratedRegex(@"^Tests:\s+(?:(?<failed>\d+) failed, )?(?:(?<skipped>\d+) skipped, )?(?<passed>\d+) passed, (?<total>\d+) total", RegexOptions.Multiline)]
    internal static partial Regex Summary();
}

/// <summary>What jest said: its summary line ("Tests: N passed, N total") and every test's name with its outcome.</summary>
public sealed class JestRun(CommandResult result)
{
    public CommandResult Result { get; } = result;

    public int Passed => Count("passed");
    public int Failed => Count("failed");
    public int Total => Count("total");

    private int Count(string group)
    {
        var summary = ZapierApp.Summary().Match(Result.Error + Result.Output);
        Assert.True(summary.Success, $"jest printed no summary:\n{Result}");
        return summary.Groups[group].Success ? int.Parse(summary.Groups[group].Value) : 0;
    }

    /// <summary>Asserts the run passed with no test failed or skipped, and at least <paramref name="atLeast"/> tests.</summary>
    public void AssertAllPassed(int atLeast)
    {
        Assert.True(Result.ExitCode == 0 && Failed == 0, Result.ToString());
        Assert.True(Passed == Total && Passed >= atLeast, $"{Passed} of {Total} passed, expected at least {atLeast}:\n{Result}");
    }
}
