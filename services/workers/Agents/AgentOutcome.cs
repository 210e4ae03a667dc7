namespace CodeTether.Workers.Agents;

public record AgentOutcome(string? Result, string? Error)
{
    public static AgentOutcome Succeeded(string result) => new(result, null);
    public static AgentOutcome Failed(string error) => new(null, error);
}
