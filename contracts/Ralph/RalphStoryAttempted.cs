namespace CodeTether.Contracts.Ralph;

/// <summary>A worker's outcome of one <see cref="RunRalphStory"/> attempt. The RalphRun saga decides what follows.</summary>
public record RalphStoryAttempted
{
    public required Guid RunId { get; init; }
    public required Guid TenantId { get; init; }
    public required string StoryId { get; init; }
    public required int Attempt { get; init; }
    /// <summary>The test command passed and the change is committed on the run's branch.</summary>
    public required bool Passed { get; init; }
    /// <summary>False when another attempt cannot help (no git repository, no test command, codebase not on the worker).</summary>
    public bool Retryable { get; init; } = true;
    /// <summary>The agent's report of what it did; null when it did not finish.</summary>
    public string? Summary { get; init; }
    /// <summary>The test command's exit status and output (capped), or what went wrong before it could run.</summary>
    public string? TestOutput { get; init; }
    /// <summary>The commit on the run's branch that holds the story's change, when it passed.</summary>
    public string? CommitSha { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
}
