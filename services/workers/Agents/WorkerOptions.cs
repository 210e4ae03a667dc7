namespace CodeTether.Workers.Agents;

/// <summary>The <c>Worker</c> section: what this worker process runs and how it presents its agent to the registry.</summary>
public class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>How many tasks the process runs at once, from the pool and its agent's queue together.</summary>
    public int Concurrency { get; set; } = 4;

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a gracefully stopping process (SIGTERM) lets its running agents finish, taking no new task meanwhile;
    /// an agent still running then is stopped and its task handed back to the queue for another worker.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>What the agent does, for the Zapier "Find Agent" search.</summary>
    public string Description { get; set; } = "A CodeTether agent: general, explore, plan and build tasks.";

    /// <summary>The agent's endpoint URL as shown to users; this process's own URL when not set.</summary>
    public string? Url { get; set; }

    /// <summary>When set, <c>POST /v1/codebases</c> accepts only directories inside one of these.</summary>
    public List<string> CodebaseRoots { get; set; } = [];
}
