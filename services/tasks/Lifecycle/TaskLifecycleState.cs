using CodeTether.Contracts.Tasks;
using MassTransit;

namespace CodeTether.Tasks.Lifecycle;

/// <summary>The TaskLifecycle saga's state: the single source of a task's status.</summary>
public class TaskLifecycleState : SagaStateMachineInstance, ISagaVersion
{
    public Guid CorrelationId { get; set; }
    public int Version { get; set; }
    public string CurrentState { get; set; } = null!;
    public Guid TenantId { get; set; }
    public Guid RunId { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? Result { get; set; }
    public string? ResultSummary { get; set; }
    public string? Error { get; set; }
    /// <summary>The agent's open question while the task needs input.</summary>
    public string? Question { get; set; }
    /// <summary>The questions the agent asked and the answers it got, oldest first.</summary>
    public List<TaskExchange> Exchanges { get; set; } = [];
    public Guid? TimeoutTokenId { get; set; }
    public Guid? DeadlineTokenId { get; set; }
}
