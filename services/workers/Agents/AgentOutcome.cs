namespace CodeTether.Workers.Agents;

/// <summary>How a run of the agent ended: with an answer, a question for the user, or an error.</summary>
public abstract record AgentOutcome
{
    public sealed record Answered(string Result) : AgentOutcome;
    public sealed record Asked(string Question) : AgentOutcome;
    public sealed record Failed(string Error) : AgentOutcome;
}
