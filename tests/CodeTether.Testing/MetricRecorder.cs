using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace CodeTether.Testing;

/// <summary>One measurement an instrument took: its value and tags.</summary>
public sealed record RecordedMeasurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public string? Tag(string name) => Tags.TryGetValue(name, out var value) ? value?.ToString() : null;
}

/// <summary>
/// What the named instruments of one in-process service measure: only those of meters its own <see cref="IMeterFactory"/>
/// made, so that services and tests running side by side in the test process do not mix.
/// </summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<RecordedMeasurement> measurements = new();

    public MetricRecorder(IServiceProvider services, params string[] instruments)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instruments.Contains(instrument.Name))
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
    }

    public IReadOnlyList<RecordedMeasurement> Of(string instrument) => measurements.Where(m => m.Instrument == instrument).ToList();

    /// <summary>What the observable instruments (gauges) report now.</summary>
    public IReadOnlyList<RecordedMeasurement> Observe(string instrument)
    {
        var before = measurements.Count;
        listener.RecordObservableInstruments();
        return measurements.Skip(before).Where(m => m.Instrument == instrument).ToList();
    }

    public void Dispose() => listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        measurements.Enqueue(new RecordedMeasurement(instrument.Name, value, new Dictionary<string, object?>(tags.ToArray())));
}
