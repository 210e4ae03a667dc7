namespace CodeTether.Webhooks.Data;

/// <summary>
/// One lifecycle transition that has been turned into deliveries. Its key comes from the event's content (event, task,
/// time of the transition), so the same transition published twice under different message ids is handled once.
/// </summary>
public class HandledEvent
{
    public required string EventKey { get; init; }
    public required DateTimeOffset HandledAt { get; init; }
}
