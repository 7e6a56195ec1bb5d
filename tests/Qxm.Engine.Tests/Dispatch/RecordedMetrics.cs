using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Qxm.Engine.Diagnostics;

namespace Qxm.Engine.Tests.Dispatch;

/// <summary>What qxm's instruments record for one backend, summed per instrument and label set, listened to in process
/// (tests run in parallel, so only measurements labelled with this backend count).</summary>
internal sealed class RecordedMetrics : IDisposable
{
    private readonly string _backend;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, double> _sums = new(StringComparer.Ordinal);

    public RecordedMetrics(string backend)
    {
        _backend = backend;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (QxmTelemetry.Components.Contains(instrument.Meter.Name))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Add(i, value, tags));
        _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Add(i, value, tags));
        _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Add(i, value, tags));
        _listener.Start();
    }

    /// <summary>The sum of a counter's measurements (a histogram's count, a gauge's latest value) whose labels include every
    /// one given (label=value).</summary>
    public double Sum(string instrument, params string[] labels) =>
        _sums.Where(p => p.Key.StartsWith(instrument + "|", StringComparison.Ordinal)
                && labels.All(l => p.Key.Split('|').Skip(1).Contains(l, StringComparer.Ordinal)))
            .Sum(p => p.Value);

    /// <summary>Whether the instrument recorded anything for the backend.</summary>
    public bool Has(string instrument) => _sums.Keys.Any(k => k.StartsWith(instrument + "|", StringComparison.Ordinal));

    /// <summary>Reads the observable gauges now; a gauge's value replaces its last.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new List<string>();
        var ours = false;
        foreach (var tag in tags)
        {
            ours |= tag.Key == QxmTelemetry.Labels.Backend && Equals(tag.Value, _backend);
            labels.Add($"{tag.Key}={tag.Value}");
        }

        if (!ours)
        {
            return;
        }

        labels.Sort(StringComparer.Ordinal);
        var key = instrument.Name + "|" + string.Join("|", labels);
        if (instrument is ObservableGauge<int> or ObservableGauge<double> or ObservableGauge<long>)
        {
            _sums[key] = value;
        }
        else
        {
            var counted = instrument is Histogram<double> or Histogram<long> ? 1 : value;
            _sums.AddOrUpdate(key, counted, (_, sum) => sum + counted);
        }
    }
}
