using CodeTether.Testing;
using CodeTether.Workers.Tools;

namespace CodeTether.Tests.Unit.Workers.Tools;

public sealed class CommandToolTests : IDisposable
{
    private readonly TempCodebase codebase = new();

    public void Dispose() => codebase.Dispose();

    private CommandTool Tool(TimeSpan? timeout = null, int maxOutput = 10_000) =>
        new(codebase.Directory, new ToolOptions { CommandTimeout = timeout ?? TimeSpan.FromMinutes(1), MaxCommandOutputCharacters = maxOutput });

    [Fact]
    public async Task A_command_runs_in_the_codebase_directory_and_reports_its_exit_code_and_output()
    {
        codebase.Write("hello.txt", "hello from the codebase\n");

        Assert.Equal($"Exit code: 3\n{codebase.Directory.Root}\nhello from the codebase\n", await Tool().RunCommand("pwd; cat hello.txt; exit 3"));
        Assert.Equal("Exit code: 0\noops\n", await Tool().RunCommand("echo oops >&2"));
    }

    [Fact]
    public async Task The_workers_environment_stays_out_of_a_command()
    {
        Environment.SetEnvironmentVariable("CODETETHER_TOOLS_TEST_SECRET", "s3cret");
        try
        {
            var result = await Tool().RunCommand("echo \"[$CODETETHER_TOOLS_TEST_SECRET]\"; test -n \"$PATH\" && echo has-path");
            Assert.Equal("Exit code: 0\n[]\nhas-path\n", result);
        }
        finally
        {
            Environment.SetEnvironmentVariable("CODETETHER_TOOLS_TEST_SECRET", null);
        }
    }

    [Fact]
    public async Task Output_beyond_the_cap_is_dropped_and_counted()
    {
        var result = await Tool(maxOutput: 1000).RunCommand("head -c 5000 /dev/zero | tr '\\0' 'x'");

        var lines = result.Split('\n');
        Assert.Equal("Exit code: 0", lines[0]);
        Assert.Equal(new string('x', 1000), lines[1]);
        Assert.Equal("[The output was cut at 1000 characters; 4000 more were dropped.]", lines[2]);
    }

    [Fact]
    public async Task A_command_past_its_time_limit_is_killed_with_every_process_it_started()
    {
        var result = await Tool(timeout: TimeSpan.FromSeconds(1)).RunCommand("sleep 300 & echo $! > child.pid; echo started; sleep 300");

        Assert.Equal("The command did not finish within 1 s and was killed.\nstarted\n", result);
        await WaitUntilDeadAsync(ReadPid("child.pid"));
    }

    [Fact]
    public async Task Cancelling_a_running_command_kills_its_processes()
    {
        using var cancel = new CancellationTokenSource();
        var running = Tool().RunCommand("sleep 300 & echo $! > child.pid; wait", cancel.Token);
        await WaitUntilAsync(() => File.Exists(Path.Combine(codebase.Root, "child.pid")) && ReadPid("child.pid") > 0);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        await WaitUntilDeadAsync(ReadPid("child.pid"));
    }

    [Fact]
    public async Task Processes_left_in_the_background_do_not_outlive_the_command()
    {
        var result = await Tool().RunCommand("sleep 300 > /dev/null 2>&1 & echo $! > background.pid");

        Assert.Equal("Exit code: 0\n", result);
        await WaitUntilDeadAsync(ReadPid("background.pid"));
    }

    private int ReadPid(string file) => int.TryParse(File.ReadAllText(Path.Combine(codebase.Root, file)).Trim(), out var pid) ? pid : 0;

    private static Task WaitUntilDeadAsync(int pid) => WaitUntilAsync(() => !ProcessState.IsRunning(pid));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 30 s.");
            await Task.Delay(50);
        }
    }
}
