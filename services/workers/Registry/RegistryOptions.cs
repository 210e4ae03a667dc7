namespace CodeTether.Workers.Registry;

/// <summary>The <c>Agents</c> section: when the registry counts a worker, and so its agent, as gone.</summary>
public class RegistryOptions
{
    public const string Section = "Agents";

    /// <summary>A worker whose latest heartbeat is older than this is offline (the Zapier document's 120 seconds).</summary>
    public TimeSpan OfflineAfter { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>A worker offline this long is removed when another worker of its agent sends a heartbeat; the agent itself stays.</summary>
    public TimeSpan ForgetWorkersAfter { get; set; } = TimeSpan.FromHours(1);
}
