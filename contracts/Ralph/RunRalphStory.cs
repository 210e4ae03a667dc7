namespace CodeTether.Contracts.Ralph;

/// <summary>
/// A command to the workers of the codebase's agent (on <see cref="Agents.AgentNames.RalphQueue"/>): one attempt at one
/// story of a Ralph run. The worker makes a git worktree from the run's branch, lets a build agent implement the story,
/// runs the test command there, commits and brings the commit onto the run's branch when it passes, and answers with
/// <see cref="RalphStoryAttempted"/>.
/// </summary>
public record RunRalphStory
{
    public required Guid RunId { get; init; }
    public required Guid TenantId { get; init; }
    /// <summary>1 for the first attempt at the story, then 2, 3, … up to <see cref="MaxAttempts"/>.</summary>
    public required int Attempt { get; init; }
    public required int MaxAttempts { get; init; }
    public required string Project { get; init; }
    public string? ProjectDescription { get; init; }
    public required string BranchName { get; init; }
    public required RalphStory Story { get; init; }
    public required string CodebaseId { get; init; }
    public required string Model { get; init; }
    /// <summary>The run's own test command; null for the codebase's (<c>Worker:Codebases:N:TestCommand</c>).</summary>
    public string? TestCommand { get; init; }
    /// <summary>What the checks said when the previous attempt failed: the next attempt's prompt carries it.</summary>
    public string? PreviousFailure { get; init; }
}
