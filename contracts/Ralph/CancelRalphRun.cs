namespace CodeTether.Contracts.Ralph;

/// <summary>Stop the run once the story attempts under way have finished; stories not started are skipped.</summary>
public record CancelRalphRun
{
    public required Guid RunId { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
}
