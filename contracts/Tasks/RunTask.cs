namespace CodeTether.Contracts.Tasks;

/// <summary>
/// A command to the worker pool: run (or, after the user answered a question, continue) this task's agent. Sent by the
/// tasks service's dispatcher once the tenant has a free concurrency slot, with the task's priority as the RabbitMQ
/// message priority.
/// </summary>
public record RunTask
{
    /// <summary>The shared pool queue of the workers (a RabbitMQ priority queue).</summary>
    public const string QueueName = "agent-pool";
    public const byte MaxPriority = 9;

    public required Guid TaskId { get; init; }
    public required Guid TenantId { get; init; }
    public required Guid RunId { get; init; }
    /// <summary>How many of the agent's questions were answered so far: 0 for the first run, one more after each answer.</summary>
    public int Turn { get; init; }
    public required string Title { get; init; }
    public required string Prompt { get; init; }
    public required string AgentType { get; init; }
    public required string Model { get; init; }
    public int Priority { get; init; }
    public string? CodebaseId { get; init; }
    /// <summary>The named agent that must run this task (sent to that agent's own queue), or null for any worker.</summary>
    public string? AgentName { get; init; }
    /// <summary>The agent's instructions (its system prompt) in place of its type's, or null for its type's.</summary>
    public string? Instructions { get; init; }
    /// <summary>The conversation before this task's prompt, oldest first, when the task continues one.</summary>
    public IReadOnlyList<ConversationMessage> History { get; init; } = [];
    /// <summary>The agent's earlier questions and the user's answers, oldest first.</summary>
    public IReadOnlyList<TaskExchange> Exchanges { get; init; } = [];

    /// <summary>The RabbitMQ priority (0–9) of a task priority: higher is more urgent; anything above 9 counts as 9.</summary>
    public static byte MessagePriority(int taskPriority) => (byte)Math.Clamp(taskPriority, 0, MaxPriority);
}
