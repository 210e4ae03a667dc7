using CodeTether.Workers.Codebases;

namespace CodeTether.Workers.Agents;

/// <summary>
/// The four agent types: <see cref="General"/> converses; <see cref="Explore"/> and <see cref="Plan"/> read the task's
/// codebase; <see cref="Build"/> also changes it and runs commands in it.
/// </summary>
public static class AgentTypes
{
    public const string General = "general";
    public const string Explore = "explore";
    public const string Plan = "plan";
    public const string Build = "build";
    public static readonly string[] All = [General, Explore, Plan, Build];

    private const string Asking = " If the request cannot be completed without an answer from the user, ask them with ask_user.";
    private const string ReadTools = "list_files, search_files and read_file (paths are relative to its root)";

    public static string Instructions(string agentType, LocalCodebase? codebase) => agentType switch
    {
        Explore when codebase is not null =>
            $"You are CodeTether's exploration agent. Investigate the user's question in the codebase '{codebase.Name}' with {ReadTools}; you cannot change it. Report what you found, naming the files it is in." + Asking,
        Explore =>
            "You are CodeTether's exploration agent. No codebase came with this task, so you have no file tools: investigate the user's question from what they give you and report what you find." + Asking,
        Plan when codebase is not null =>
            $"You are CodeTether's planning agent. Study the codebase '{codebase.Name}' with {ReadTools} as far as the request needs; you cannot change it. Your final answer is the plan itself: a clear, numbered list of steps, each naming the files it touches. Do not carry the plan out." + Asking,
        Plan =>
            "You are CodeTether's planning agent. No codebase came with this task, so you have no file tools. Your final answer is the plan itself: a clear, numbered list of steps for the user's request. Do not carry the plan out." + Asking,
        Build =>
            $"You are CodeTether's build agent. Carry out the user's request in the codebase '{codebase?.Name}': read it with {ReadTools}, change files with write_file and edit_file, and run commands such as builds and tests with run_command (in its root directory). Finish with a short report of what you changed and what the commands showed." + Asking,
        General => "You are CodeTether's general-purpose agent. Answer the user's request completely and precisely." + Asking,
        _ => throw new ArgumentOutOfRangeException(nameof(agentType), agentType, "Unknown agent type."),
    };
}
