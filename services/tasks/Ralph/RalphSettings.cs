namespace CodeTether.Tasks.Ralph;

/// <summary><c>Ralph:…</c>: the bounds of a Ralph run.</summary>
public sealed class RalphSettings
{
    public const string Section = "Ralph";

    /// <summary>The most user stories one PRD may have (the Zapier action's flat fields allow 10 whatever this says).</summary>
    public int MaxStories { get; set; } = 20;

    /// <summary>Attempts per story when the run does not say (<c>max_iterations</c>).</summary>
    public int DefaultMaxIterations { get; set; } = 10;

    /// <summary>The most attempts per story a run may ask for.</summary>
    public int MaxIterations { get; set; } = 50;

    /// <summary>How many stories of a <c>parallel</c> run are attempted at once.</summary>
    public int MaxParallelStories { get; set; } = 3;
}
