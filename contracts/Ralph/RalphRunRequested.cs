namespace CodeTether.Contracts.Ralph;

/// <summary>
/// A Ralph run was created (<c>POST /v1/ralph/runs</c>): stored with its run state in <c>pending</c> and this message in
/// one transaction; the RalphRun saga then starts its stories.
/// </summary>
public record RalphRunRequested
{
    public required Guid RunId { get; init; }
    public required Guid TenantId { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
}
