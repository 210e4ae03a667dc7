using System.Diagnostics;

namespace CodeTether.Workers.Ralph;

/// <summary>The git command line in one directory. A failing command throws <see cref="GitException"/> with git's output.</summary>
public sealed class Git(string directory)
{
    public async Task<string> RunAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var (exitCode, output) = await TryRunAsync(cancellationToken, arguments);
        return exitCode == 0 ? output.Trim() : throw new GitException($"git {string.Join(' ', arguments)} failed ({exitCode}): {output.Trim()}");
    }

    /// <summary>Runs git and gives its exit code and output (stdout then stderr), whatever the exit code.</summary>
    public async Task<(int ExitCode, string Output)> TryRunAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["LANG"] = "C.UTF-8";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}

public sealed class GitException(string message) : Exception(message);
