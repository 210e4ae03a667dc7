using System.Diagnostics;
using System.Text;

namespace CodeTether.Tests.EndToEnd.N8n;

public sealed record CommandResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}

/// <summary>Runs a program to its end (or kills it, with its children, at the time-out) and keeps what it printed.</summary>
public static class CommandLine
{
    /// <param name="onOutputLine">Called with each line of standard output as it comes.</param>
    public static async Task<CommandResult> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory,
        TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null, Action<string>? onOutputLine = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;

        var output = new StringBuilder();
        var error = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (output)
                output.AppendLine(e.Data);
            onOutputLine?.Invoke(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                lock (error)
                    error.AppendLine(e.Data);
        };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {timeout}.\n{output}\n{error}");
        }
        process.WaitForExit(); // the output events have all been raised once this returns
        return new CommandResult(process.ExitCode, output.ToString(), error.ToString());
    }

    public static async Task<CommandResult> RunCheckedAsync(string program, IEnumerable<string> arguments, string workingDirectory,
        TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = await RunAsync(program, arguments, workingDirectory, timeout, environment);
        if (result.ExitCode != 0)
            throw new InvalidOperationException(new StringBuilder($"{program} {string.Join(' ', arguments)} failed: ").Append(result).ToString());
        return result;
    }
}
