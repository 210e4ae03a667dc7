using MassTransit;

namespace CodeTether.Tasks.Ralph;

/// <summary>The RalphRun saga's state: the run, its PRD and each story's progress. The single source of a run's status.</summary>
public class RalphRunState : SagaStateMachineInstance, ISagaVersion
{
    public Guid CorrelationId { get; set; }
    public int Version { get; set; }
    public string CurrentState { get; set; } = null!;
    public Guid TenantId { get; set; }
    public string Project { get; set; } = null!;
    public string BranchName { get; set; } = null!;
    public string? Description { get; set; }
    public string CodebaseId { get; set; } = null!;
    /// <summary>The agent whose workers have the codebase: the attempts go to its queue.</summary>
    public string AgentName { get; set; } = null!;
    public string Model { get; set; } = null!;
    public string? TestCommand { get; set; }
    public int MaxIterations { get; set; }
    public string RunMode { get; set; } = null!;
    /// <summary>How many stories may be attempted at once: 1 for a sequential run.</summary>
    public int MaxParallel { get; set; }
    public bool CancelRequested { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>In the PRD's order.</summary>
    public List<RalphStoryProgress> Stories { get; set; } = [];
}

/// <summary>A story of a run: <c>pending → running → passed | failed</c>, or <c>skipped</c> when the run was cancelled first.</summary>
public sealed class RalphStoryProgress
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Passed = "passed";
    public const string Failed = "failed";
    public const string Skipped = "skipped";

    public required string Id { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public List<string> AcceptanceCriteria { get; set; } = [];
    public int Priority { get; set; }
    public string Status { get; set; } = Pending;
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? CommitSha { get; set; }
    /// <summary>Every attempt's outcome, oldest first; the one under way is not there yet.</summary>
    public List<RalphAttempt> Attempts { get; set; } = [];
}

public sealed record RalphAttempt(int Number, bool Passed, string? Summary, string? TestOutput, string? CommitSha,
    DateTimeOffset StartedAt, DateTimeOffset FinishedAt);
