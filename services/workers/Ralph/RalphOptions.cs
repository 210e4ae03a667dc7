namespace CodeTether.Workers.Ralph;

/// <summary>The workers' <c>Ralph</c> section: where story attempts work, how long their checks may take, who commits.</summary>
public class RalphOptions
{
    public const string Section = "Ralph";

    /// <summary>Where the attempts' git worktrees are made (one directory per attempt, removed after it).</summary>
    public string WorktreeRoot { get; set; } = Path.Combine(Path.GetTempPath(), "codetether-ralph");

    /// <summary>How long the test command may run; it is killed after that and the attempt fails.</summary>
    public TimeSpan TestTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How much of the test command's output is kept (and shown to the next attempt).</summary>
    public int MaxTestOutputCharacters { get; set; } = 20_000;

    public string CommitterName { get; set; } = "CodeTether Ralph";
    public string CommitterEmail { get; set; } = "ralph@codetether.invalid";

    public bool IsValid => TestTimeout > TimeSpan.Zero && MaxTestOutputCharacters > 0 && !string.IsNullOrWhiteSpace(WorktreeRoot)
        && !string.IsNullOrWhiteSpace(CommitterName) && !string.IsNullOrWhiteSpace(CommitterEmail);
}
