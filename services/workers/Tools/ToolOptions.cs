namespace CodeTether.Workers.Tools;

/// <summary>The <c>Agent:Tools</c> configuration section: how much a tool may return and how long a command may run.</summary>
public class ToolOptions
{
    public int MaxListedFiles { get; set; } = 500;
    public int MaxReadCharacters { get; set; } = 100_000;
    public int MaxSearchMatches { get; set; } = 100;
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(2);
    public int MaxCommandOutputCharacters { get; set; } = 30_000;
}
