using CodeTether.Contracts.Ralph;
using CodeTether.Tasks.Ralph;

namespace CodeTether.Tests.Unit.Ralph;

public class RalphProgressTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static RalphRunState Run(int maxParallel, int maxIterations, params (string Id, int Priority)[] stories) => new()
    {
        CorrelationId = Guid.NewGuid(), TenantId = Guid.NewGuid(), CurrentState = nameof(RalphRun.Running), Project = "P", BranchName = "b",
        CodebaseId = "cb", AgentName = "a", Model = "gpt-4o", MaxIterations = maxIterations, RunMode = "x", MaxParallel = maxParallel,
        Stories = [.. stories.Select(s => new RalphStoryProgress { Id = s.Id, Title = s.Id, Priority = s.Priority })],
    };

    private static RalphStoryAttempted Outcome(RalphRunState run, string story, int attempt, bool passed, bool retryable = true) => new()
    {
        RunId = run.CorrelationId, TenantId = run.TenantId, StoryId = story, Attempt = attempt, Passed = passed, Retryable = retryable,
        TestOutput = $"output of {story} #{attempt}", CommitSha = passed ? $"sha-{story}" : null, StartedAt = Now, FinishedAt = Now,
    };

    [Fact]
    public void A_sequential_run_attempts_one_story_at_a_time_by_priority()
    {
        var run = Run(1, 3, ("B", 2), ("A", 1), ("C", 2));

        var first = RalphProgress.StartNext(run, Now);
        Assert.Equal(["A"], first.Select(a => a.Story.Id));
        Assert.Empty(RalphProgress.StartNext(run, Now));

        Assert.Equal((true, null), RalphProgress.Record(run, Outcome(run, "A", 1, passed: true)));
        Assert.Equal(["B"], RalphProgress.StartNext(run, Now).Select(a => a.Story.Id));
        Assert.Equal("sha-A", run.Stories.Single(s => s.Id == "A").CommitSha);
    }

    [Fact]
    public void A_failed_attempt_is_tried_again_with_its_output_until_the_story_is_out_of_attempts()
    {
        var run = Run(1, 2, ("A", 1), ("B", 2));
        RalphProgress.StartNext(run, Now);

        var (applied, retry) = RalphProgress.Record(run, Outcome(run, "A", 1, passed: false));
        Assert.True(applied);
        Assert.Equal(2, retry!.Attempt);
        Assert.Equal("output of A #1", retry.PreviousFailure);

        Assert.Equal((true, null), RalphProgress.Record(run, Outcome(run, "A", 2, passed: false)));
        Assert.Equal(RalphStoryProgress.Failed, run.Stories[0].Status);
        Assert.Equal(2, run.Stories[0].Attempts.Count);
        // The run goes on with the next story, and cannot complete.
        Assert.Equal(["B"], RalphProgress.StartNext(run, Now).Select(a => a.Story.Id));
        RalphProgress.Record(run, Outcome(run, "B", 1, passed: true));
        Assert.True(RalphProgress.IsIdle(run));
        Assert.False(RalphProgress.AllPassed(run));
    }

    [Fact]
    public void A_duplicate_or_late_outcome_changes_nothing()
    {
        var run = Run(1, 3, ("A", 1));
        RalphProgress.StartNext(run, Now);
        RalphProgress.Record(run, Outcome(run, "A", 1, passed: false));

        Assert.Equal((false, null), RalphProgress.Record(run, Outcome(run, "A", 1, passed: false)));
        Assert.Equal((false, null), RalphProgress.Record(run, Outcome(run, "Z", 2, passed: true)));
        Assert.Single(run.Stories[0].Attempts);
        RalphProgress.Record(run, Outcome(run, "A", 2, passed: true));
        Assert.Equal((false, null), RalphProgress.Record(run, Outcome(run, "A", 2, passed: true)));
        Assert.Equal(2, run.Stories[0].Attempts.Count);
    }

    [Fact]
    public void A_failure_no_attempt_can_help_fails_the_story_at_once()
    {
        var run = Run(1, 10, ("A", 1));
        RalphProgress.StartNext(run, Now);

        Assert.Equal((true, null), RalphProgress.Record(run, Outcome(run, "A", 1, passed: false, retryable: false)));
        Assert.Equal(RalphStoryProgress.Failed, run.Stories[0].Status);
    }

    [Fact]
    public void A_parallel_run_attempts_up_to_its_bound_and_refills_as_stories_finish()
    {
        var run = Run(2, 3, ("A", 1), ("B", 1), ("C", 1));

        Assert.Equal(["A", "B"], RalphProgress.StartNext(run, Now).Select(a => a.Story.Id));
        RalphProgress.Record(run, Outcome(run, "B", 1, passed: true));
        Assert.Equal(["C"], RalphProgress.StartNext(run, Now).Select(a => a.Story.Id));
    }

    [Fact]
    public void After_a_cancel_no_attempt_starts_the_one_under_way_ends_and_the_rest_are_skipped()
    {
        var run = Run(1, 3, ("A", 1), ("B", 2));
        RalphProgress.StartNext(run, Now);
        run.CancelRequested = true;

        Assert.Equal((true, null), RalphProgress.Record(run, Outcome(run, "A", 1, passed: false)));
        Assert.Empty(RalphProgress.StartNext(run, Now));
        Assert.True(RalphProgress.IsIdle(run));
        RalphProgress.Finish(run, Now);
        Assert.Equal([RalphStoryProgress.Failed, RalphStoryProgress.Skipped], run.Stories.Select(s => s.Status));
        Assert.Equal(Now, run.FinishedAt);
    }
}
