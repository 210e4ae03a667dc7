namespace CodeTether.Scheduler.ScheduledMessages;

/// <summary>Settings under <c>Scheduler:ScheduledMessages</c>.</summary>
public sealed class ScheduledMessageOptions
{
    /// <summary>The longest the dispatcher sleeps between two looks at the table (it also wakes for the next due message). Default 500 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Messages delivered per transaction. Default 100.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>How long a cancelled token is remembered, so that a cancel that overtook its schedule still wins. Default 7 days.</summary>
    public TimeSpan CancellationRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long one send may take before it counts as failed. Default 30 s.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
