using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace CodeTether.Testing;

/// <summary>One CodeTether service running as its own process from its build output, logging to a file.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    public IReadOnlyDictionary<string, string> Environment { get; }
    private Process? process;

    /// <param name="instance">Names the log of a second process of the same service; the service's name when null.</param>
    public ServiceProcess(string name, int port, IReadOnlyDictionary<string, string> environment, string logFolder, string? instance = null)
    {
        Name = name;
        Url = new Uri($"http://127.0.0.1:{port}");
        Environment = environment;
        LogPath = Path.Combine(logFolder, $"{instance ?? name}.log");
    }

    public string Name { get; }
    public Uri Url { get; }
    public string LogPath { get; }
    public bool IsRunning => process is { HasExited: false };

    public static string Executable(string service)
    {
        var project = char.ToUpperInvariant(service[0]) + service[1..];
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var path = Path.Combine(RepositoryRoot, "services", service, "bin", configuration, "net10.0", $"CodeTether.{project}.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the solution first: {path} is missing.");
    }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>
    /// A port nothing listens on, below the kernel's ephemeral range (32768–60999 on Linux): a port the kernel hands out for
    /// port 0 is an ephemeral one, which an outgoing connection may take as its local port before the service that was
    /// to listen on it has started ("address already in use").
    /// </summary>
    public static int FreePort()
    {
        while (true)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            try
            {
                using var listener = new TcpListener(System.Net.IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }
    }

    public void Start()
    {
        var executable = Executable(Name);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(executable)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(executable);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(Url.ToString().TrimEnd('/'));
        foreach (var (key, value) in Environment)
            start.Environment[key] = value;

        var log = new StreamWriter(LogPath, append: true, Encoding.UTF8) { AutoFlush = true };
        process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.Exited += (_, _) => { lock (log) log.Dispose(); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Task WaitUntilReadyAsync(TimeSpan timeout) => WaitUntilHealthyAsync("/health/ready", timeout);

    /// <summary>Waits for a health endpoint: <c>/health/live</c> (the process serves) or <c>/health/ready</c> (its dependencies answer too).</summary>
    public async Task WaitUntilHealthyAsync(string healthPath, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (!IsRunning)
                throw new InvalidOperationException($"{Name} exited with code {process?.ExitCode}.\n{LogTail()}");
            try
            {
                using var response = await Http.GetAsync(new Uri(Url, healthPath));
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{Name} did not answer {healthPath} within {timeout}.\n{LogTail()}");
    }

    /// <summary>Asks the process to stop (SIGTERM, as an orchestrator does) and waits until it has.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (process is null || process.HasExited)
            return;
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()]))
            await kill.WaitForExitAsync();
        using var patience = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(patience.Token);
    }

    /// <summary>Ends the process at once, as a crash or a kill -9 would.</summary>
    public async Task KillAsync()
    {
        if (process is null || process.HasExited)
            return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public string LogTail(int lines = 60)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return $"--- last lines of {LogPath} ---\n" + string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return $"(no log at {LogPath})";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process?.Dispose();
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CodeTether.sln")))
                return dir.FullName;
        throw new InvalidOperationException("CodeTether.sln not found above " + AppContext.BaseDirectory);
    }
}
