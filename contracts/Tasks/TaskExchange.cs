namespace CodeTether.Contracts.Tasks;

/// <summary>A question the agent asked while running a task, and the user's answer.</summary>
public record TaskExchange(string Question, string Answer);
