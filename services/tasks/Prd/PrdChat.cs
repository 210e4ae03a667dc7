using System.Text.RegularExpressions;
using CodeTether.Tasks.Ralph;

namespace CodeTether.Tasks.Prd;

/// <summary>
/// What makes a conversation a PRD chat: the instructions its tasks' agent gets, and how a PRD is found in an answer
/// (a fenced JSON block that <see cref="PrdParser"/> accepts; the last such block wins).
/// </summary>
public static partial class PrdChat
{
    public static string Instructions(RalphSettings settings, string? codebaseName) =>
        "You are CodeTether's PRD writer. You help the user turn an idea into a product requirements document (PRD) for Ralph, " +
        "an autonomous coding agent that implements one user story at a time in a git repository and keeps a story only when the " +
        "project's tests pass.\n" +
        (codebaseName is null
            ? ""
            : $"The PRD is for the codebase '{codebaseName}': study it with list_files, search_files and read_file as far as the PRD needs; you cannot change it.\n") +
        "If you need to know more to write a good PRD, ask your questions in your answer: the user answers in the next message. " +
        "Do not invent requirements the user did not give or imply.\n" +
        "Once you know enough, answer with a short summary followed by the PRD as one JSON object in a ```json fenced block, in exactly this shape:\n" +
        "```json\n" +
        "{\"project\": \"Project name\", \"branchName\": \"ralph/short-feature-name\", \"description\": \"What the project is for\", " +
        "\"userStories\": [{\"id\": \"US-001\", \"title\": \"Short title\", \"description\": \"As a …, I want … so that …\", " +
        "\"acceptanceCriteria\": [\"A verifiable criterion\"], \"priority\": 1}]}\n" +
        "```\n" +
        $"Rules: at most {settings.MaxStories} stories; each story small enough to implement in one session and verifiable by tests; " +
        "story ids unique (US-001, US-002, …); priority 1 is implemented first, so order stories by their dependencies; branchName " +
        "is a valid git branch name. When the user asks for changes, answer with the whole revised PRD in the same form.";

    /// <summary>The PRD in <paramref name="answer"/>, normalised, or null when it holds none that passes validation.</summary>
    public static Ralph.Prd? Find(string? answer, RalphSettings settings)
    {
        if (string.IsNullOrWhiteSpace(answer))
            return null;
        var candidates = FencedBlock().Matches(answer).Select(m => m.Groups[1].Value).Reverse().Append(answer);
        return candidates.Select(json => PrdParser.FromJson(json.Trim(), "prd", settings).Prd).FirstOrDefault(prd => prd is not null);
    }

    [GeneratedRegex(@"```[A-Za-z]*[ \t]*\r?\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex FencedBlock();
}
