using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.AI;

namespace CodeTether.Workers.Tools;

/// <summary>
/// <c>run_command</c>: runs <c>bash -c</c> in the codebase's directory, as the worker's user, with the worker's secrets
/// kept out of its environment. The command leads a process group of its own (<c>setsid</c>), so when it times out, the
/// run is stopped, or it finishes leaving background processes behind, the whole group is killed.
/// </summary>
public sealed class CommandTool(CodebaseDirectory codebase, ToolOptions limits)
{
    private const int SigKill = 9;
    /// <summary>How long the output is still read after the command ended (a stray process may hold it open).</summary>
    private static readonly TimeSpan OutputGrace = TimeSpan.FromSeconds(2);

    public AITool AsFunction() => AIFunctionFactory.Create(RunCommand, "run_command",
        $"Run a bash command in the codebase's root directory and get its exit code and output (stdout and stderr together, at most {limits.MaxCommandOutputCharacters} characters). " +
        $"It is killed after {limits.CommandTimeout.TotalSeconds:0} s; it reads no input; processes it leaves in the background are killed when it ends.");

    public async Task<string> RunCommand(
        [Description("The command line, run with bash -c.")] string command,
        CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(command, cancellationToken);
        var status = result.TimedOut
            ? $"The command did not finish within {limits.CommandTimeout.TotalSeconds:0} s and was killed."
            : $"Exit code: {result.ExitCode}";
        return $"{status}\n{result.Output}";
    }

    /// <summary>Runs <paramref name="command"/> as <c>run_command</c> does: its exit code (null when it timed out) and capped output.</summary>
    public async Task<CommandResult> RunAsync(string command, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(command))
            throw new ToolException("The command is empty.");

        using var process = new Process { StartInfo = StartInfo(command) };
        process.Start();
        process.StandardInput.Close();
        var output = new CappedOutput(limits.MaxCommandOutputCharacters);
        using var stopReading = new CancellationTokenSource();
        var reading = Task.WhenAll(output.ReadAsync(process.StandardOutput, stopReading.Token), output.ReadAsync(process.StandardError, stopReading.Token));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limits.CommandTimeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            timedOut = true;
        }
        finally
        {
            KillProcessGroup(process.Id);
            await process.WaitForExitAsync(CancellationToken.None);
            stopReading.CancelAfter(OutputGrace);
            await reading;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new CommandResult(timedOut ? null : process.ExitCode, output.ToString());
    }

    private ProcessStartInfo StartInfo(string command)
    {
        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = codebase.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "bash", "-c", command })
            start.ArgumentList.Add(argument);

        // Only what a shell needs: the worker's configuration (provider keys, connection strings) stays out.
        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        start.Environment["HOME"] = Environment.GetEnvironmentVariable("HOME") ?? codebase.Root;
        start.Environment["LANG"] = "C.UTF-8";
        start.Environment["TERM"] = "dumb";
        return start;
    }

    /// <summary>Kills every process of the command's group; <c>setsid</c> made the command's id the group's.</summary>
    private static void KillProcessGroup(int processGroup) => _ = Kill(-processGroup, SigKill);

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);

    /// <param name="ExitCode">Null when the command was killed for taking too long.</param>
    public sealed record CommandResult(int? ExitCode, string Output)
    {
        public bool TimedOut => ExitCode is null;
    }

    /// <summary>stdout and stderr in the order they arrive, kept up to a number of characters; the rest is counted and dropped.</summary>
    private sealed class CappedOutput(int capacity)
    {
        private readonly StringBuilder kept = new();
        private long dropped;

        public async Task ReadAsync(StreamReader stream, CancellationToken cancellationToken)
        {
            var buffer = new char[4096];
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
                    lock (kept)
                    {
                        var keep = Math.Min(read, capacity - kept.Length);
                        kept.Append(buffer, 0, keep);
                        dropped += read - keep;
                    }
            }
            catch (OperationCanceledException)
            {
                // A process outside the group still holds the output open; what came so far is the output.
            }
        }

        public override string ToString()
        {
            lock (kept)
                return dropped == 0 ? kept.ToString() : $"{kept}\n[The output was cut at {capacity} characters; {dropped} more were dropped.]";
        }
    }
}
