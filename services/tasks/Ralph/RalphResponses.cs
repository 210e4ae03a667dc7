namespace CodeTether.Tasks.Ralph;

/// <param name="Status"><c>pending</c>, <c>running</c>, <c>completed</c> (every story passed), <c>failed</c> or <c>cancelled</c>.</param>
/// <param name="CancelRequested">A cancel was asked for: the attempts under way finish, no more start.</param>
/// <param name="Commits">The commits the run made on its branch, one per passed story, in the order the stories passed.</param>
public record RalphRunResponse(
    Guid RunId,
    string Status,
    string Project,
    string BranchName,
    string? Description,
    string CodebaseId,
    string Model,
    int MaxIterations,
    string RunMode,
    string? TestCommand,
    bool CancelRequested,
    RalphRunProgress Progress,
    IReadOnlyList<RalphStoryResponse> Stories,
    IReadOnlyList<string> Commits,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    double? RuntimeSeconds)
{
    public static RalphRunResponse Of(RalphRunState run) => new(
        run.CorrelationId,
        RalphRun.PublicStatus(run.CurrentState),
        run.Project,
        run.BranchName,
        run.Description,
        run.CodebaseId,
        run.Model,
        run.MaxIterations,
        run.RunMode,
        run.TestCommand,
        run.CancelRequested,
        RalphRunProgress.Of(run),
        [.. run.Stories.Select(RalphStoryResponse.Of)],
        [.. run.Stories.Where(s => s.CommitSha is not null).OrderBy(s => s.FinishedAt).Select(s => s.CommitSha!)],
        run.CreatedAt,
        run.StartedAt,
        run.FinishedAt,
        run is { StartedAt: { } started, FinishedAt: { } finished } ? (finished - started).TotalSeconds : null);
}

/// <param name="Summary">"passed/total", as the Zapier document shows it.</param>
public record RalphRunProgress(int Passed, int Failed, int Total, string Summary)
{
    public static RalphRunProgress Of(RalphRunState run)
    {
        var passed = run.Stories.Count(s => s.Status == RalphStoryProgress.Passed);
        return new(passed, run.Stories.Count(s => s.Status == RalphStoryProgress.Failed), run.Stories.Count, $"{passed}/{run.Stories.Count}");
    }
}

/// <param name="Status"><c>pending</c>, <c>running</c>, <c>passed</c>, <c>failed</c> or <c>skipped</c>.</param>
/// <param name="Attempts">How many attempts finished.</param>
/// <param name="AttemptResults">Each finished attempt, oldest first.</param>
public record RalphStoryResponse(
    string Id,
    string Title,
    string? Description,
    IReadOnlyList<string> AcceptanceCriteria,
    int Priority,
    string Status,
    int Attempts,
    string? CommitSha,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<RalphAttemptResponse> AttemptResults)
{
    public static RalphStoryResponse Of(RalphStoryProgress story) => new(story.Id, story.Title, story.Description, story.AcceptanceCriteria,
        story.Priority, story.Status, story.Attempts.Count, story.CommitSha, story.StartedAt, story.FinishedAt,
        [.. story.Attempts.Select(a => new RalphAttemptResponse(a.Number, a.Passed, a.Summary, a.TestOutput, a.CommitSha, a.StartedAt, a.FinishedAt))]);
}

/// <param name="TestOutput">The test command's exit status and output (capped), or what went wrong before it ran.</param>
public record RalphAttemptResponse(int Attempt, bool Passed, string? Summary, string? TestOutput, string? CommitSha,
    DateTimeOffset StartedAt, DateTimeOffset FinishedAt);

/// <param name="Total">How many runs match the filter.</param>
public record RalphRunList(IReadOnlyList<RalphRunResponse> Runs, int Total);
