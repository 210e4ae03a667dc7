using System.Text;
using CodeTether.Contracts.Billing;
using CodeTether.Contracts.Ralph;
using CodeTether.Workers.Agents;
using CodeTether.Workers.Codebases;
using CodeTether.Workers.Models;
using CodeTether.Workers.Tools;
using MassTransit;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace CodeTether.Workers.Ralph;

/// <param name="Retryable">False when another attempt cannot help.</param>
public sealed record StoryOutcome(bool Passed, bool Retryable, string? Summary, string? TestOutput, string? CommitSha)
{
    public static StoryOutcome Fatal(string reason) => new(false, false, null, reason, null);
}

/// <summary>
/// One attempt at a story of a Ralph run, git side included: a worktree of the run's branch (detached, so parallel
/// stories each have their own), a build agent there (confined to it, without ask_user: nobody waits to answer), the test
/// command with a time and output limit, and on a pass a commit as the configured identity that is brought onto the run's
/// branch (fast-forward, or a merge when another story moved the branch meanwhile). A failed attempt's changes are
/// dropped with its worktree; the next attempt starts from the branch again, with the checks' output in its prompt.
/// </summary>
public class RalphStoryRunner(ChatClientProvider models, LocalCodebases codebases, RepositoryLocks locks, IOptions<AgentOptions> agentOptions,
    IOptions<RalphOptions> options, TimeProvider clock, ILogger<RalphStoryRunner> logger)
{
    public async Task<StoryOutcome> RunAsync(RunRalphStory attempt, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        if (codebases.Find(attempt.CodebaseId) is not { } codebase)
            return StoryOutcome.Fatal($"The codebase '{attempt.CodebaseId}' is not on this worker.");
        if ((attempt.TestCommand ?? codebase.TestCommand) is not { } testCommand)
            return StoryOutcome.Fatal($"No test command: give the run a test_command, or set Worker:Codebases:N:TestCommand for codebase '{codebase.Name}'.");

        var (inRepository, top) = await new Git(codebase.Path).TryRunAsync(cancellationToken, "rev-parse", "--show-toplevel");
        if (inRepository != 0)
            return StoryOutcome.Fatal($"The codebase '{codebase.Name}' ({codebase.Path}) is not in a git repository: {top.Trim()}");
        var repository = new Git(top.Trim());
        var branch = $"refs/heads/{attempt.BranchName}";

        string start;
        try
        {
            using (await locks.AcquireAsync(top.Trim(), cancellationToken))
                start = await BranchTipAsync(repository, attempt.BranchName, branch, cancellationToken);
        }
        catch (GitException e)
        {
            return StoryOutcome.Fatal(e.Message);
        }

        var worktree = Path.Combine(options.Value.WorktreeRoot, $"{attempt.RunId:N}-{attempt.Story.Id}-{attempt.Attempt}");
        Directory.CreateDirectory(options.Value.WorktreeRoot);
        await repository.TryRunAsync(cancellationToken, "worktree", "remove", "--force", worktree);
        try
        {
            await repository.RunAsync(cancellationToken, "worktree", "add", "--detach", worktree, start);
            // The codebase may be a folder inside the repository: the agent and the checks work in that folder of the worktree.
            var directory = Path.GetFullPath(Path.Combine(worktree, Path.GetRelativePath(top.Trim(), codebase.Path)));

            var (summary, agentError) = await RunAgentAsync(attempt, codebase, testCommand, directory, publisher, cancellationToken);
            if (agentError is not null)
                return new StoryOutcome(false, true, null, agentError, null);

            var checks = await new CommandTool(new CodebaseDirectory(directory), new ToolOptions
            {
                CommandTimeout = options.Value.TestTimeout,
                MaxCommandOutputCharacters = options.Value.MaxTestOutputCharacters,
            }).RunAsync(testCommand, cancellationToken);
            var testOutput = checks.TimedOut
                ? $"The test command `{testCommand}` did not finish within {options.Value.TestTimeout.TotalSeconds:0} s and was killed.\n{checks.Output}"
                : $"The test command `{testCommand}` exited with code {checks.ExitCode}.\n{checks.Output}";
            if (checks.ExitCode != 0)
                return new StoryOutcome(false, true, summary, testOutput, null);

            var (commit, conflict) = await CommitAsync(attempt, repository, new Git(worktree), branch, start, top.Trim(), cancellationToken);
            return conflict is null
                ? new StoryOutcome(true, true, summary, testOutput, commit)
                : new StoryOutcome(false, true, summary, conflict, null);
        }
        catch (GitException e)
        {
            logger.LogWarning(e, "Git failed in attempt {Attempt} of story {Story} of Ralph run {RunId}", attempt.Attempt, attempt.Story.Id, attempt.RunId);
            return new StoryOutcome(false, true, null, e.Message, null);
        }
        finally
        {
            await repository.TryRunAsync(CancellationToken.None, "worktree", "remove", "--force", worktree);
            await repository.TryRunAsync(CancellationToken.None, "worktree", "prune");
        }
    }

    /// <summary>The run's branch's tip; the branch is made from the repository's HEAD by the run's first attempt.</summary>
    private static async Task<string> BranchTipAsync(Git repository, string name, string branch, CancellationToken cancellationToken)
    {
        var (exists, tip) = await repository.TryRunAsync(cancellationToken, "rev-parse", "--verify", "--quiet", branch + "^{commit}");
        if (exists == 0)
            return tip.Trim();
        await repository.RunAsync(cancellationToken, "branch", name, "HEAD");
        return await repository.RunAsync(cancellationToken, "rev-parse", branch);
    }

    /// <summary>The agent's report, or why it did not finish.</summary>
    private async Task<(string? Summary, string? Error)> RunAgentAsync(RunRalphStory attempt, LocalCodebase codebase, string testCommand,
        string directory, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        try
        {
            var model = models.Resolve(attempt.Model);
            var workspace = new CodebaseDirectory(directory);
            var files = new FileTools(workspace, agentOptions.Value.Tools);
            var loop = new AgentLoop(models.ClientFor(model), agentOptions.Value, response => publisher.Publish(Usage(attempt, model, response)));
            var response = await loop.RunAsync(
                [
                    new ChatMessage(ChatRole.System, AgentTypes.Instructions(AgentTypes.Build, codebase) +
                        " Do not commit: CodeTether runs the checks when you finish and commits your changes if they pass."),
                    new ChatMessage(ChatRole.User, Prompt(attempt, testCommand)),
                ],
                new ChatOptions
                {
                    ModelId = model.Model,
                    Tools = [.. files.ReadOnly(), .. files.Editing(), new CommandTool(workspace, agentOptions.Value.Tools).AsFunction()],
                },
                cancellationToken);
            return (response.Messages.LastOrDefault(m => m.Role == ChatRole.Assistant)?.Text, null);
        }
        catch (Exception e) when (e is ModelNotAvailableException or AgentLimitExceededException or ModelProviderException)
        {
            return (null, $"The agent did not finish: {e.Message}");
        }
    }

    /// <summary>
    /// Commits the worktree's changes and brings the commit onto the run's branch: a fast-forward when the branch is
    /// still where the attempt started, otherwise a merge of the branch into the commit (a conflict fails the attempt).
    /// </summary>
    private async Task<(string? Commit, string? Conflict)> CommitAsync(RunRalphStory attempt, Git repository, Git worktree, string branch,
        string start, string top, CancellationToken cancellationToken)
    {
        string[] identity = ["-c", $"user.name={options.Value.CommitterName}", "-c", $"user.email={options.Value.CommitterEmail}"];
        await worktree.RunAsync(cancellationToken, "add", "-A");
        await worktree.RunAsync(cancellationToken, [.. identity, "commit", "--allow-empty", "--no-verify", "-q", "-m",
            $"{attempt.Story.Id}: {attempt.Story.Title}\n\nRalph run {attempt.RunId}, attempt {attempt.Attempt} of {attempt.MaxAttempts}."]);
        var commit = await worktree.RunAsync(cancellationToken, "rev-parse", "HEAD");

        using (await locks.AcquireAsync(top, cancellationToken))
        {
            var tip = await repository.RunAsync(cancellationToken, "rev-parse", branch);
            if (tip != start)
            {
                var (merged, output) = await worktree.TryRunAsync(cancellationToken, [.. identity, "merge", "--no-edit", "-q", "-m",
                    $"Merge {attempt.Story.Id} into {attempt.BranchName}", tip]);
                if (merged != 0)
                {
                    await worktree.TryRunAsync(CancellationToken.None, "merge", "--abort");
                    return (null, $"The story's change conflicts with what other stories committed on {attempt.BranchName} meanwhile:\n{output.Trim()}");
                }
            }
            await repository.RunAsync(cancellationToken, "update-ref", branch, await worktree.RunAsync(cancellationToken, "rev-parse", "HEAD"), tip);
        }
        return (commit, null);
    }

    private static string Prompt(RunRalphStory attempt, string testCommand)
    {
        var prompt = new StringBuilder()
            .AppendLine($"Implement one user story of the project '{attempt.Project}'.");
        if (attempt.ProjectDescription is { } description)
            prompt.AppendLine(description);
        prompt.AppendLine().AppendLine($"Story {attempt.Story.Id}: {attempt.Story.Title}");
        if (attempt.Story.Description is { } storyDescription)
            prompt.AppendLine(storyDescription);
        if (attempt.Story.AcceptanceCriteria.Count > 0)
        {
            prompt.AppendLine().AppendLine("Acceptance criteria:");
            foreach (var criterion in attempt.Story.AcceptanceCriteria)
                prompt.AppendLine($"- {criterion}");
        }
        prompt.AppendLine()
            .AppendLine($"When you finish, the project's checks run in this directory: `{testCommand}`. The story passes only if they succeed; " +
                        "you can run them yourself with run_command.")
            .AppendLine($"This is attempt {attempt.Attempt} of {attempt.MaxAttempts}.");
        if (attempt.PreviousFailure is { } failure)
            prompt.AppendLine("The previous attempt failed and its changes were dropped; the checks said:")
                .AppendLine("```").AppendLine(failure.TrimEnd()).AppendLine("```");
        return prompt.ToString();
    }

    private UsageRecorded Usage(RunRalphStory attempt, ModelReference model, ChatResponse response) => new()
    {
        UsageId = NewId.NextGuid(),
        TenantId = attempt.TenantId,
        Model = model.ToString(),
        InputTokens = response.Usage?.InputTokenCount ?? 0,
        CachedInputTokens = response.Usage?.CachedInputTokenCount ?? 0,
        OutputTokens = response.Usage?.OutputTokenCount ?? 0,
        RecordedAt = clock.GetUtcNow(),
    };
}
