using System.Net;
using System.Text.Json;
using CodeTether.Contracts.Agents;
using CodeTether.Testing;
using CodeTether.Tests.Integration.Gateway;
using CodeTether.Workers.Codebases;
using CodeTether.Workers.Registry;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace CodeTether.Tests.Integration.Workers;

/// <summary>
/// The registry in the workers service, with its real database and bus: the worker's own heartbeats, heartbeats and
/// departures of other workers, the offline rule on a clock the test moves, models and codebase registration.
/// </summary>
public sealed class AgentRegistryTests(AgentRegistryTests.Fixture fixture) : IClassFixture<AgentRegistryTests.Fixture>
{
    private const string Agent = "registry-test-agent";
    private WorkersApp App => fixture.App;

    [Fact]
    public async Task A_workers_own_heartbeat_shows_its_agent_with_its_models_and_codebase()
    {
        // Another test's second worker of this agent may not have left yet.
        var agents = await App.WaitForAsync("/v1/agents?name=REGISTRY-TEST", json => json.GetProperty("agents").EnumerateArray()
            .Any(a => a.GetProperty("status").GetString() == "online" && a.GetProperty("workers").GetInt32() == 1), "the worker's agent is online, alone");

        var agent = Single(agents, "agents");
        Assert.Equal(Agent, agent.GetProperty("name").GetString());
        Assert.Equal("Reviews pull requests.", agent.GetProperty("description").GetString());
        Assert.Equal("http://registry-test.example/agent", agent.GetProperty("url").GetString());
        Assert.False(agent.GetProperty("streaming").GetBoolean());
        var models = agent.GetProperty("models_supported").GetString()!.Split(',');
        Assert.Contains("openai:gpt-4o", models);
        Assert.Contains("simulator:simulator", models);
        Assert.DoesNotContain(models, m => m.StartsWith("anthropic:", StringComparison.Ordinal));
        Assert.Equal(3, agent.GetProperty("capacity").GetInt32());
        Assert.Equal(1, agent.GetProperty("workers").GetInt32());
        Assert.EndsWith("Z", agent.GetProperty("last_seen").GetString());
        Assert.Equal(1, agents.GetProperty("total").GetInt32());
        Assert.False(agents.GetProperty("has_more").GetBoolean());

        var codebase = Single(await App.WaitForAsync("/v1/codebases?name=Configured-Shop", json => json.GetProperty("codebases").GetArrayLength() == 1,
            "the configured codebase is listed"), "codebases");
        Assert.Equal(LocalCodebase.IdOf(Agent, fixture.ConfiguredCodebase), codebase.GetProperty("id").GetString());
        Assert.Equal("configured-shop", codebase.GetProperty("name").GetString());
        Assert.Equal(fixture.ConfiguredCodebase, codebase.GetProperty("path").GetString());
        Assert.Equal(Agent, codebase.GetProperty("worker").GetString());
        Assert.Equal("online", codebase.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Heartbeats_and_departures_on_the_bus_reach_the_registry()
    {
        var agent = Unique("bus");
        var codebaseId = $"cb_{Guid.NewGuid():N}"[..23];
        var bus = App.Services.GetRequiredService<IBus>();
        await bus.Publish(Heartbeat(agent, $"{agent}-1", fixture.Clock.GetUtcNow().AddSeconds(-1),
            codebases: [new AgentCodebase(codebaseId, $"{agent}-code", "/srv/bus")]));

        await App.WaitForAsync($"/v1/agents/{agent}", json => json.GetProperty("status").GetString() == "online", "the agent is online");
        var codebase = await App.WaitForAsync($"/v1/codebases/{codebaseId}", json => json.GetProperty("status").GetString() == "online",
            "its codebase is online");
        Assert.Equal(agent, codebase.GetProperty("worker").GetString());

        await bus.Publish(new WorkerLeft { WorkerId = $"{agent}-1", AgentName = agent, LeftAt = fixture.Clock.GetUtcNow() });

        var left = await App.WaitForAsync($"/v1/agents/{agent}", json => json.GetProperty("status").GetString() == "offline", "the agent is offline");
        Assert.Equal(0, left.GetProperty("workers").GetInt32());
        Assert.Equal(0, left.GetProperty("capacity").GetInt32());
        Assert.Equal("offline", (await App.GetJsonAsync($"/v1/codebases/{codebaseId}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_newest_heartbeat_wins_and_an_agent_unheard_of_for_the_window_is_offline()
    {
        var agent = Unique("window");
        var worker = $"{agent}-1";
        var t0 = fixture.Clock.GetUtcNow();
        await RecordAsync(registry => registry.RecordAsync(Heartbeat(agent, worker, t0, running: 2, models: ["openai:gpt-4o"]), default));
        await RecordAsync(registry => registry.RecordAsync(Heartbeat(agent, worker, t0.AddSeconds(-10), running: 0, models: ["openai:o3"]), default));

        var seen = await App.GetJsonAsync($"/v1/agents/{agent}");
        Assert.Equal(("online", 1, 3, 2, "openai:gpt-4o"), Summary(seen));

        await RecordAsync(registry => registry.RecordLeftAsync(new WorkerLeft { WorkerId = worker, AgentName = agent, LeftAt = t0.AddSeconds(2) }, default));
        await RecordAsync(registry => registry.RecordAsync(Heartbeat(agent, worker, t0.AddSeconds(1)), default));
        Assert.Equal(("offline", 0, 0, 0, "openai:gpt-4o"), Summary(await App.GetJsonAsync($"/v1/agents/{agent}")));

        await RecordAsync(registry => registry.RecordAsync(Heartbeat(agent, worker, t0.AddSeconds(3), models: ["openai:gpt-4o", "simulator:simulator"]), default));
        Assert.Equal(("online", 1, 3, 0, "openai:gpt-4o,simulator:simulator"), Summary(await App.GetJsonAsync($"/v1/agents/{agent}")));

        fixture.Clock.Advance(TimeSpan.FromSeconds(124));
        var expired = await App.GetJsonAsync($"/v1/agents/{agent}");
        Assert.Equal(("offline", 0, 0, 0, "openai:gpt-4o,simulator:simulator"), Summary(expired));
        Assert.Equal(t0.AddSeconds(3), expired.GetProperty("last_seen").GetDateTimeOffset(), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Models_are_the_catalogue_and_what_online_workers_call_each_counted_once_per_worker()
    {
        var model = $"openai:test-{Guid.NewGuid():N}";
        var now = fixture.Clock.GetUtcNow();
        await RecordAsync(registry => registry.RecordAsync(Heartbeat(Unique("models"), "models-1", now, models: [model, model]), default));
        await RecordAsync(registry => registry.RecordAsync(Heartbeat(Unique("models"), "models-2", now, models: [model, "openai:gpt-4o"]), default));

        var found = Single(await App.GetJsonAsync($"/v1/models?search={model[7..].ToUpperInvariant()}"), "models");
        Assert.Equal(model, found.GetProperty("model_ref").GetString());
        Assert.Equal(model, found.GetProperty("name").GetString());
        Assert.Equal("openai", found.GetProperty("provider").GetString());
        Assert.Equal(2, found.GetProperty("workers_available").GetInt32());

        var anthropic = (await App.GetJsonAsync("/v1/models?provider=Anthropic")).GetProperty("models").EnumerateArray().ToList();
        Assert.All(anthropic, m => Assert.Equal("anthropic", m.GetProperty("provider").GetString()));
        var sonnet = Assert.Single(anthropic, m => m.GetProperty("name").GetString() == "claude-sonnet-4");
        Assert.Equal("anthropic:claude-sonnet-4-20250514", sonnet.GetProperty("model_ref").GetString());
        Assert.Equal(0, sonnet.GetProperty("workers_available").GetInt32());

        await App.WaitForAsync("/v1/models?search=gpt-4o", json => Single(json, "models").GetProperty("workers_available").GetInt32() >= 2,
            "gpt-4o counts this worker and models-2 (and any other online worker of these tests)");
    }

    [Fact]
    public async Task A_registered_directory_is_a_codebase_of_the_agent_for_every_process_and_after_a_restart()
    {
        await App.WaitForAsync($"/v1/agents/{Agent}", json => json.GetProperty("status").GetString() == "online", "the agent is online");
        var directory = Directory.CreateDirectory(Path.Combine(fixture.Root, $"shop-{Guid.NewGuid():N}")).FullName;
        var id = LocalCodebase.IdOf(Agent, directory);

        using var response = await App.SendAsync(HttpMethod.Post, "/v1/codebases", new { name = "Web shop", path = directory + "/", agent_name = Agent });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/v1/codebases/{id}", response.Headers.Location?.ToString());
        var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((id, "Web shop", directory, Agent, "online"), (created.GetProperty("id").GetString(), created.GetProperty("name").GetString(),
            created.GetProperty("path").GetString(), created.GetProperty("worker").GetString(), created.GetProperty("status").GetString()));
        Assert.NotNull(App.Services.GetRequiredService<LocalCodebases>().Find(id));
        Assert.Contains((await App.GetJsonAsync("/v1/codebases?name=web%20SHOP")).GetProperty("codebases").EnumerateArray(),
            c => c.GetProperty("id").GetString() == id);

        using var again = await App.SendAsync(HttpMethod.Post, "/v1/codebases", new { path = directory, agent_name = Agent });
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(id, JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString());

        await using var restarted = fixture.StartWorker("registry-test-worker-2");
        var codebases = restarted.Services.GetRequiredService<LocalCodebases>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (codebases.Find(id) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "The second process of the agent did not load the registered codebase.");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Registering_refuses_what_the_agent_cannot_use_and_agents_it_does_not_know()
    {
        await App.WaitForAsync($"/v1/agents/{Agent}", json => json.GetProperty("status").GetString() == "online", "the agent is online");
        var file = Path.Combine(fixture.Root, $"notes-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, "not a directory");
        var outside = Directory.CreateTempSubdirectory("codetether-outside-").FullName;

        foreach (var (path, reason) in new[] { (Path.Combine(fixture.Root, "missing"), "There is no directory"), (file, "is a file"), (outside, "outside") })
        {
            using var refused = await App.SendAsync(HttpMethod.Post, "/v1/codebases", new { path, agent_name = Agent });
            var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "Directory not usable");
            Assert.Contains(reason, problem.GetProperty("detail").GetString());
        }

        using var unknown = await App.SendAsync(HttpMethod.Post, "/v1/codebases", new { path = fixture.Root, agent_name = "nobody-here" });
        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound, "Agent not found");

        using var invalid = await App.SendAsync(HttpMethod.Post, "/v1/codebases", new { path = "repos/shop", agent_name = "Not An Agent" });
        var errors = (await ProblemAssert.IsProblemAsync(invalid, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("path", out _) && errors.TryGetProperty("agent_name", out _), errors.ToString());

        Directory.Delete(outside);
        using var missing = await App.SendAsync(HttpMethod.Get, $"/v1/codebases/cb_{Guid.NewGuid():N}");
        await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.NotFound, "Codebase not found");
        using var noAgent = await App.SendAsync(HttpMethod.Get, "/v1/agents/nobody-here");
        await ProblemAssert.IsProblemAsync(noAgent, HttpStatusCode.NotFound, "Agent not found");
    }

    private static string Unique(string purpose) => $"{purpose}-{Guid.NewGuid():N}"[..20];

    private static JsonElement Single(JsonElement list, string property) => Assert.Single(list.GetProperty(property).EnumerateArray());

    private static (string?, int, int, int, string?) Summary(JsonElement agent) => (agent.GetProperty("status").GetString(),
        agent.GetProperty("workers").GetInt32(), agent.GetProperty("capacity").GetInt32(), agent.GetProperty("running").GetInt32(),
        agent.GetProperty("models_supported").GetString());

    private static AgentHeartbeat Heartbeat(string agent, string worker, DateTimeOffset sentAt, int running = 0,
        IReadOnlyList<string>? models = null, IReadOnlyList<AgentCodebase>? codebases = null) => new()
    {
        WorkerId = worker,
        AgentName = agent,
        Description = "A test agent.",
        Models = models ?? ["openai:gpt-4o"],
        Codebases = codebases ?? [],
        Capacity = 3,
        Running = running,
        SentAt = sentAt,
    };

    private async Task RecordAsync(Func<AgentRegistry, Task> record)
    {
        await using var scope = App.Services.CreateAsyncScope();
        await record(scope.ServiceProvider.GetRequiredService<AgentRegistry>());
    }

    /// <summary>The workers service of agent <see cref="Agent"/> on a database and vhost of its own; heartbeats every second.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private IsolatedDatabase database = null!;
        private IsolatedVirtualHost vhost = null!;

        public MovableClock Clock { get; } = new();
        public string Root { get; } = Directory.CreateTempSubdirectory("codetether-registry-").FullName;
        public string ConfiguredCodebase => Path.Combine(Root, "configured");
        public WorkersApp App { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Directory.CreateDirectory(ConfiguredCodebase);
            database = await TestInfrastructure.CreateDatabaseAsync("registry");
            vhost = await TestInfrastructure.CreateVirtualHostAsync("registry");
            App = StartWorker("registry-test-worker-1");
        }

        public WorkersApp StartWorker(string workerId)
        {
            var app = new WorkersApp(new Dictionary<string, string>
            {
                ["ConnectionStrings:Postgres"] = database.ConnectionString,
                ["ConnectionStrings:RabbitMq"] = vhost.Address.ToString(),
                ["Worker:Id"] = workerId,
                ["Worker:AgentName"] = Agent,
                ["Worker:Description"] = "Reviews pull requests.",
                ["Worker:Url"] = "http://registry-test.example/agent",
                ["Worker:Concurrency"] = "3",
                ["Worker:HeartbeatInterval"] = "00:00:01",
                ["Worker:Codebases:0:Name"] = "configured-shop",
                ["Worker:Codebases:0:Path"] = ConfiguredCodebase,
                ["Worker:CodebaseRoots:0"] = Root,
                ["Models:Providers:openai:BaseUrl"] = "http://127.0.0.1:9/v1",
                ["Models:Providers:openai:ApiKey"] = "test-key",
            }, Clock);
            _ = app.Services;
            return app;
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await database.DisposeAsync();
            await vhost.DisposeAsync();
            Directory.Delete(Root, recursive: true);
        }
    }

    /// <summary>The real time, moved forward by the test.</summary>
    public sealed class MovableClock : TimeProvider
    {
        private long offsetTicks;

        public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);

        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow.AddTicks(Interlocked.Read(ref offsetTicks));
    }
}
