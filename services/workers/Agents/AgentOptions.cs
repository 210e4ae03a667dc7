using CodeTether.Workers.Tools;

namespace CodeTether.Workers.Agents;

/// <summary>The <c>Agent</c> configuration section: the limits of each run (one turn: until an answer, a question or an error).</summary>
public class AgentOptions
{
    public const string Section = "Agent";

    /// <summary>Model calls per run.</summary>
    public int MaxSteps { get; set; } = 50;
    /// <summary>Input plus output tokens per run, over all its model calls.</summary>
    public long MaxTokens { get; set; } = 2_000_000;
    /// <summary>Wall time per run, tools included.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(30);
    public ToolOptions Tools { get; set; } = new();

    public bool IsValid => MaxSteps > 0 && MaxTokens > 0 && MaxDuration > TimeSpan.Zero
        && Tools is { MaxListedFiles: > 0, MaxReadCharacters: > 0, MaxSearchMatches: > 0, MaxCommandOutputCharacters: > 0 }
        && Tools.CommandTimeout > TimeSpan.Zero;
}
