using System.Collections.Concurrent;
using Qxm.Domain.Backends;
using Qxm.Domain.Calibration;
using Qxm.Engine.Diagnostics;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Calibration;

/// <summary>Each backend's calibration series: stores every new snapshot once (artifact by content hash, a point of the
/// time series), feeds the drift detector in the order the snapshots were taken, and applies what it finds: drift holds
/// the backend's hold-policy runs; a later snapshot without drift resolves the events and releases them.</summary>
internal sealed class CalibrationHistory(
    CalibrationStores stores, IArtifactStore artifacts, CalibrationOptions options, TimeProvider time, Action released)
{
    private readonly ConcurrentDictionary<string, BackendSeries> _backends = new(StringComparer.Ordinal);

    public async Task<CalibrationObservation> ObserveAsync(string backend, CalibrationSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var bytes = CalibrationJson.Serialize(snapshot);
        var series = _backends.GetOrAdd(backend, id => new BackendSeries(new DriftDetector(id, options.Drift)));
        if (series.LastHash is { } recorded && string.Equals(recorded, ArtifactHash.Of(bytes), StringComparison.Ordinal))
        {
            // The snapshot this instance recorded last (most dispatches between two calibrations): nothing to write.
            return new CalibrationObservation(recorded, await stores.Drift.ListEventsAsync(backend, DateTimeOffset.MinValue, activeOnly: true, cancellationToken));
        }

        var hash = await artifacts.PutAsync(bytes, cancellationToken);
        await series.Gate.WaitAsync(cancellationToken);
        try
        {
            if (!series.Replayed)
            {
                // What this instance finds must be what the instance that recorded the series found: replay it first.
                foreach (var record in await stores.History.ListAsync(backend, DateTimeOffset.MinValue, null, options.Replay, cancellationToken))
                {
                    series.Detector.Observe(record.Hash, record.Snapshot);
                }

                series.Replayed = true;
            }

            await stores.History.RecordAsync(new CalibrationRecord(hash, snapshot, time.GetUtcNow()), cancellationToken);
            if (series.Detector.Last is not { } last || snapshot.TakenAt > last)
            {
                // Snapshots other instances recorded since this one last looked come first, in the order they were taken.
                var since = series.Detector.Last is { } seen ? seen.AddTicks(1) : DateTimeOffset.MinValue;
                foreach (var record in await stores.History.ListAsync(backend, since, null, options.Replay, cancellationToken))
                {
                    if (record.Snapshot.TakenAt <= snapshot.TakenAt)
                    {
                        await ApplyAsync(backend, record, series.Detector.Observe(record.Hash, record.Snapshot), cancellationToken);
                    }
                }
            }

            series.LastHash = hash;
            if (series.Detector.Last is { } newest)
            {
                BackendGauges.SetCalibrationAge(backend, newest);
            }

            return new CalibrationObservation(hash, await stores.Drift.ListEventsAsync(backend, DateTimeOffset.MinValue, activeOnly: true, cancellationToken));
        }
        finally
        {
            series.Gate.Release();
        }
    }

    public static string Reason(string backend, IReadOnlyList<DriftEvent> events) =>
        $"calibration drift on {backend}: {events[0]}{(events.Count > 1 ? $" (and {events.Count - 1} more)" : "")}";

    private async Task ApplyAsync(string backend, CalibrationRecord record, IReadOnlyList<DriftEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count > 0)
        {
            await stores.Drift.RecordEventsAsync(events, cancellationToken);
            foreach (var metric in events.GroupBy(e => e.Metric))
            {
                QxmTelemetry.Calibration.DriftEvents.Add(metric.Count(),
                    new(QxmTelemetry.Labels.Backend, backend), new(QxmTelemetry.Labels.Metric, metric.Key.ToString()));
            }

            await stores.Holds.HoldQueuedAsync(backend, Reason(backend, events), time.GetUtcNow(), cancellationToken);
            return;
        }

        // A fresh calibration without drift: the device is stable at its (possibly new) level again.
        await stores.Drift.ResolveAsync(backend, record.Snapshot.TakenAt, cancellationToken);
        if (await stores.Holds.ReleaseAsync(backend, null, null, $"calibration {record.Hash[..12]} without drift", time.GetUtcNow(), cancellationToken) > 0)
        {
            released();
        }
    }

    private sealed class BackendSeries(DriftDetector detector)
    {
        public DriftDetector Detector { get; } = detector;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public bool Replayed { get; set; }

        /// <summary>The hash of the snapshot this instance recorded last.</summary>
        public string? LastHash { get; set; }
    }
}
