namespace CodeTether.Workers.Models;

/// <summary>
/// <c>Models:Retry</c>: the one retry policy of every provider call. A 408, 429 or 5xx answer, a connection failure or an
/// attempt that outlasts <see cref="AttemptTimeout"/> is tried again after an exponential back-off with jitter, or after
/// the provider's <c>Retry-After</c>, both at most <see cref="MaxDelay"/>.
/// </summary>
public class ModelRetryOptions
{
    /// <summary>Attempts in all, the first included.</summary>
    public int MaxAttempts { get; set; } = 4;
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
