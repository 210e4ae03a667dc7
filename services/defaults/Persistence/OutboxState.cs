namespace CodeTether.ServiceDefaults.Persistence;

/// <summary>
/// The messages one DbContext scope sent outside a consumer (the bus outbox). The delivery service locks this row while it
/// delivers them, so that they go out in order and no two service instances deliver the same outbox.
/// </summary>
public class OutboxState
{
    public Guid OutboxId { get; set; }
    public DateTime Created { get; set; }
}
