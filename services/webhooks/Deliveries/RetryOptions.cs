using System.Globalization;

namespace CodeTether.Webhooks.Deliveries;

/// <summary><c>Webhooks:Retries</c>: the waits after each failed attempt, and how much they vary.</summary>
public class RetryOptions
{
    public const string Section = "Webhooks:Retries";

    /// <summary>Space-separated waits (TimeSpan) after the 1st, 2nd … failed attempt; one attempt more than there are waits.</summary>
    public string Delays { get; set; } = "00:00:05 00:05:00 00:30:00 02:00:00 05:00:00 10:00:00 10:00:00";

    /// <summary>Each wait is moved by up to this fraction either way, so failed endpoints are not all retried at once.</summary>
    public double Jitter { get; set; } = 0.1;

    public TimeSpan[] ParsedDelays() =>
        Delays.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(d => TimeSpan.Parse(d, CultureInfo.InvariantCulture)).ToArray();
}
