using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace HelpdeskBot.Tests.Conversations;

/// <summary>Collects what the real code records on the HelpdeskBot meter while a test runs.</summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();

    public MetricsRecorder()
    {
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == HelpdeskBot.Observability.ObservabilityExtensions.TelemetryName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => Add(instrument, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Add(instrument, tags));
        _listener.Start();
    }

    /// <summary>Instrument name → the tag sets of its measurements, as "key=value;key=value".</summary>
    public ConcurrentDictionary<string, ConcurrentBag<string>> Measurements { get; } = new();

    public bool Saw(string instrument, string key, string value) =>
        Measurements.TryGetValue(instrument, out var bag) && bag.Any(t => t.Split(';').Contains($"{key}={value}"));

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var text = string.Join(';', tags.ToArray().Select(t => $"{t.Key}={t.Value}"));
        Measurements.GetOrAdd(instrument.Name, _ => []).Add(text);
    }
}
