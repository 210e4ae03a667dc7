namespace CodeTether.Tasks.Codebases;

/// <summary>
/// A codebase an agent has, as the workers announced it (<c>CodebaseRegistered</c>): a task's <c>codebase_id</c> must be
/// one of these, and the task runs on its agent. Codebases are the operator's, so any tenant may target any of them.
/// </summary>
public class KnownCodebase
{
    public required string Id { get; init; }
    public required string AgentName { get; init; }
    public required string Name { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>What every API says of a <c>codebase_id</c> the workers never announced.</summary>
    public static string Unknown(string id) => $"Unknown codebase '{id}'. Find codebase ids with GET /v1/codebases.";
}
