using System.Diagnostics;

namespace CodeTether.Testing;

/// <summary>
/// Makes MassTransit's spans, ours and a test's exist in the test process, as OpenTelemetry's tracing does in a service:
/// with no listener no span is started, and so no trace context crosses the bus.
/// </summary>
public sealed class SpanListener : IDisposable
{
    /// <summary>For a test's own spans: the request or job whose trace a test follows.</summary>
    public static readonly ActivitySource Source = new(SourceName);

    private const string SourceName = "CodeTether.Tests";

    private readonly ActivityListener listener = new()
    {
        // By name, not by reference: a listener may be asked about Source before the field is set.
        ShouldListenTo = source => source.Name is "MassTransit" or "CodeTether" or SourceName,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    public SpanListener() => ActivitySource.AddActivityListener(listener);

    public void Dispose() => listener.Dispose();
}
