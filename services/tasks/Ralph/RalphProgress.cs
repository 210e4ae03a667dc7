using CodeTether.Contracts.Ralph;

namespace CodeTether.Tasks.Ralph;

/// <summary>
/// What the RalphRun saga decides, on its state alone: which stories start, what an attempt's outcome does to its story,
/// and how the run ends.
/// </summary>
public static class RalphProgress
{
    /// <summary>
    /// Marks the stories that start now as running and gives their first attempts: the pending ones by priority (then
    /// PRD order), as many as the run may attempt at once; none once a cancel was asked for.
    /// </summary>
    public static List<RunRalphStory> StartNext(RalphRunState run, DateTimeOffset now)
    {
        if (run.CancelRequested)
            return [];
        var free = run.MaxParallel - run.Stories.Count(s => s.Status == RalphStoryProgress.Running);
        var starting = run.Stories.Where(s => s.Status == RalphStoryProgress.Pending)
            .OrderBy(s => s.Priority).ThenBy(run.Stories.IndexOf)
            .Take(Math.Max(free, 0)).ToList();
        foreach (var story in starting)
        {
            story.Status = RalphStoryProgress.Running;
            story.StartedAt = now;
        }
        return [.. starting.Select(s => Attempt(run, s, previousFailure: null))];
    }

    /// <summary>
    /// Records the outcome of the attempt the story is waiting for (a duplicate or late report changes nothing, and is
    /// not <c>Applied</c>). A pass passes the story; a failure is tried again with the failure in the prompt, unless the
    /// story is out of attempts, the failure cannot be helped, or the run is being cancelled: then the story fails.
    /// </summary>
    public static (bool Applied, RunRalphStory? Retry) Record(RalphRunState run, RalphStoryAttempted outcome)
    {
        var story = run.Stories.FirstOrDefault(s => s.Id == outcome.StoryId);
        if (story is not { Status: RalphStoryProgress.Running } || outcome.Attempt != story.Attempts.Count + 1)
            return (false, null);

        story.Attempts.Add(new RalphAttempt(outcome.Attempt, outcome.Passed, outcome.Summary, outcome.TestOutput, outcome.CommitSha,
            outcome.StartedAt, outcome.FinishedAt));
        if (outcome.Passed)
        {
            story.Status = RalphStoryProgress.Passed;
            story.CommitSha = outcome.CommitSha;
            story.FinishedAt = outcome.FinishedAt;
            return (true, null);
        }
        if (!outcome.Retryable || story.Attempts.Count >= run.MaxIterations || run.CancelRequested)
        {
            story.Status = RalphStoryProgress.Failed;
            story.FinishedAt = outcome.FinishedAt;
            return (true, null);
        }
        return (true, Attempt(run, story, outcome.TestOutput ?? "The checks failed without output."));
    }

    /// <summary>Nothing is under way: the run is over (call after <see cref="StartNext"/>).</summary>
    public static bool IsIdle(RalphRunState run) => run.Stories.All(s => s.Status != RalphStoryProgress.Running);

    /// <summary>Ends an idle run: stories not started are skipped.</summary>
    public static void Finish(RalphRunState run, DateTimeOffset now)
    {
        run.FinishedAt = now;
        foreach (var story in run.Stories.Where(s => s.Status == RalphStoryProgress.Pending))
            story.Status = RalphStoryProgress.Skipped;
    }

    /// <summary>A run completes only when every story passed.</summary>
    public static bool AllPassed(RalphRunState run) => run.Stories.All(s => s.Status == RalphStoryProgress.Passed);

    private static RunRalphStory Attempt(RalphRunState run, RalphStoryProgress story, string? previousFailure) => new()
    {
        RunId = run.CorrelationId,
        TenantId = run.TenantId,
        Attempt = story.Attempts.Count + 1,
        MaxAttempts = run.MaxIterations,
        Project = run.Project,
        ProjectDescription = run.Description,
        BranchName = run.BranchName,
        Story = new RalphStory
        {
            Id = story.Id,
            Title = story.Title,
            Description = story.Description,
            AcceptanceCriteria = story.AcceptanceCriteria,
            Priority = story.Priority,
        },
        CodebaseId = run.CodebaseId,
        Model = run.Model,
        TestCommand = run.TestCommand,
        PreviousFailure = previousFailure,
    };
}
