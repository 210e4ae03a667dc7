namespace CodeTether.Workers.Agents;

/// <summary>A run reached one of its limits (<see cref="AgentOptions"/>); the message says which, and the task fails with it.</summary>
public class AgentLimitExceededException(string message) : Exception(message);
