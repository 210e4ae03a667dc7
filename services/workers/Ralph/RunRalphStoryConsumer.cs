using CodeTether.Contracts.Ralph;
using MassTransit;

namespace CodeTether.Workers.Ralph;

/// <summary>
/// Runs one attempt at a story of a Ralph run and reports it. The message is acknowledged only after the outcome is
/// published, so an attempt whose worker dies is made again by another (the saga counts each attempt once).
/// </summary>
public class RunRalphStoryConsumer(RalphStoryRunner runner, TimeProvider clock, ILogger<RunRalphStoryConsumer> logger) : IConsumer<RunRalphStory>
{
    public async Task Consume(ConsumeContext<RunRalphStory> context)
    {
        var attempt = context.Message;
        var startedAt = clock.GetUtcNow();
        logger.LogInformation("Ralph run {RunId}: attempt {Attempt} of {MaxAttempts} at story {Story}", attempt.RunId, attempt.Attempt,
            attempt.MaxAttempts, attempt.Story.Id);
        StoryOutcome outcome;
        try
        {
            outcome = await runner.RunAsync(attempt, context, context.CancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Reported rather than retried into the error queue: the run waits for every attempt's outcome.
            logger.LogError(e, "Ralph run {RunId}: attempt {Attempt} at story {Story} failed", attempt.RunId, attempt.Attempt, attempt.Story.Id);
            outcome = new StoryOutcome(false, true, null, $"The attempt failed on the worker: {e.Message}", null);
        }
        await context.Publish(new RalphStoryAttempted
        {
            RunId = attempt.RunId,
            TenantId = attempt.TenantId,
            StoryId = attempt.Story.Id,
            Attempt = attempt.Attempt,
            Passed = outcome.Passed,
            Retryable = outcome.Retryable,
            Summary = outcome.Summary,
            TestOutput = outcome.TestOutput,
            CommitSha = outcome.CommitSha,
            StartedAt = startedAt,
            FinishedAt = clock.GetUtcNow(),
        }, context.CancellationToken);
    }
}
