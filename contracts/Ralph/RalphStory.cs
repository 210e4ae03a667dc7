namespace CodeTether.Contracts.Ralph;

/// <summary>A user story of a PRD, as the agent that implements it sees it.</summary>
public record RalphStory
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string> AcceptanceCriteria { get; init; } = [];
    /// <summary>Lower runs first.</summary>
    public int Priority { get; init; }
}
