namespace CodeTether.Tasks.Idempotency;

/// <summary>
/// One <c>Idempotency-Key</c> of a tenant and the answer its first request got. Written in the same transaction as the
/// task it created, so a concurrent request with the same key waits on the row and then finds the answer, never a half.
/// </summary>
public class IdempotencyRecord
{
    public Guid TenantId { get; init; }
    public required string Key { get; init; }
    /// <summary>SHA-256 of the request as it was understood (unknown fields and formatting left out), in hex.</summary>
    public required string RequestHash { get; init; }
    public Guid TaskId { get; init; }
    public required string ResponseBody { get; init; }
    public required string Location { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
}
