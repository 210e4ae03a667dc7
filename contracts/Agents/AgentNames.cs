using System.Text.RegularExpressions;

namespace CodeTether.Contracts.Agents;

/// <summary>
/// What an agent may be called, and the queues named after it. A name is lowercase letters, digits, <c>-</c> and
/// <c>_</c>, so an agent's queues (<c>agent.{name}</c>, with a dot no name has) never collide with the shared pool
/// queue or any other endpoint. <c>send</c> is taken by <c>POST /v1/agents/send</c>.
/// </summary>
public static partial class AgentNames
{
    public const int MaxLength = 64;
    public const string Rule = "lowercase letters, digits, '-' and '_', starting with a letter or digit, at most 64 characters, not 'send'";

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name) && name != "send";

    /// <summary>The agent's own task queue, a priority queue like the pool's: RunTask for this agent only.</summary>
    public static string TaskQueue(string agentName) => $"agent.{agentName}";

    /// <summary>Where the agent's workers take requests to register a codebase (<see cref="RegisterCodebase"/>).</summary>
    public static string CodebaseQueue(string agentName) => $"agent.{agentName}.codebases";

    /// <summary>Where the agent's workers take the story attempts of Ralph runs on its codebases (<see cref="Ralph.RunRalphStory"/>).</summary>
    public static string RalphQueue(string agentName) => $"agent.{agentName}.ralph";

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex Pattern();
}
