namespace CodeTether.Workers.Registry;

/// <summary>The Zapier document's "Find Agent" output, with the agent's status and its online workers.</summary>
/// <param name="ModelsSupported">Comma-separated <c>provider:model</c> references its online workers can call (the last known ones when it is offline).</param>
/// <param name="LastSeen">When any of its workers last sent a heartbeat.</param>
/// <param name="Status"><c>online</c> while a worker of it sent a heartbeat within the offline window (120 s) and has not stopped since.</param>
/// <param name="Capacity">How many tasks its online workers run at once, together.</param>
/// <param name="Running">How many they are running.</param>
/// <param name="Workers">How many worker processes of it are online.</param>
public record AgentResponse(
    string Name,
    string Description,
    string? Url,
    bool Streaming,
    string ModelsSupported,
    DateTimeOffset LastSeen,
    string Status,
    int Capacity,
    int Running,
    int Workers)
{
    public static AgentResponse From(RegisteredAgent agent, IReadOnlyCollection<AgentWorker> onlineWorkers)
    {
        var online = onlineWorkers.Count > 0;
        IEnumerable<string> models = online ? onlineWorkers.SelectMany(w => w.Models) : agent.Models;
        return new AgentResponse(agent.Name, agent.Description, agent.Url, agent.Streaming, string.Join(",", models.Distinct().Order()),
            agent.LastSeenAt, online ? AgentRegistry.Online : AgentRegistry.Offline, onlineWorkers.Sum(w => w.Capacity),
            onlineWorkers.Sum(w => w.Running), onlineWorkers.Count);
    }
}

/// <param name="Total">How many agents match the filter, on every page.</param>
/// <param name="HasMore">Whether more follow: ask again with <c>starting_after</c> set to the last agent's name.</param>
public record AgentListResponse(IReadOnlyList<AgentResponse> Agents, int Total, bool HasMore);

/// <param name="Worker">The name of the agent whose workers have the codebase: tasks for it run there.</param>
/// <param name="Status"><c>online</c> while a heartbeat of an online worker of its agent lists it.</param>
/// <param name="TestCommand">The test command of Ralph runs on it, if it has one (<c>docs/ralph.md</c>).</param>
public record CodebaseResponse(string Id, string Name, string Path, string Worker, string Status, DateTimeOffset LastSeen, string? TestCommand)
{
    public static CodebaseResponse From(Codebase codebase, string status) =>
        new(codebase.Id, codebase.Name, codebase.Path, codebase.AgentName, status, codebase.LastSeenAt, codebase.TestCommand);
}

/// <param name="Total">How many codebases match the filter, on every page.</param>
/// <param name="HasMore">Whether more follow: ask again with <c>starting_after</c> set to the last codebase's id.</param>
public record CodebaseListResponse(IReadOnlyList<CodebaseResponse> Codebases, int Total, bool HasMore);

/// <summary>The body of <c>POST /v1/codebases</c>.</summary>
/// <param name="Name">Defaults to the directory's own name.</param>
/// <param name="Path">An absolute path on the machine of the agent's workers.</param>
public record RegisterCodebaseRequest(string? Name, string? Path, string? AgentName, string? TestCommand);

/// <param name="ModelRef">The model as <c>provider:model</c>, e.g. <c>openai:gpt-4o</c>.</param>
/// <param name="Name">Its friendly name (what <c>model</c> accepts), e.g. <c>gpt-4o</c>.</param>
/// <param name="WorkersAvailable">How many online worker processes can call it.</param>
public record ModelResponse(string ModelRef, string Name, string Provider, int WorkersAvailable);

public record ModelListResponse(IReadOnlyList<ModelResponse> Models);
