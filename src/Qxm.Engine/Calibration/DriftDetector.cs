using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Qxm.Domain.Backends;
using Qxm.Domain.Calibration;

namespace Qxm.Engine.Calibration;

/// <summary>A two-sided CUSUM per figure of one backend's calibration (T1, T2 and readout error of each qubit, the
/// two-qubit gate error of each pair): a pure function of the series it is fed, so every instance replaying the same
/// history finds the same events. After an alarm the figure's baseline moves to its new level, so a device that changed
/// once and then holds still raises one event, and the next snapshot counts as a calibration without drift.</summary>
internal sealed class DriftDetector(string backend, DriftOptions options)
{
    /// <summary>Floors that keep logs finite: an error rate of exactly 0, a T1 of 0 in a broken report.</summary>
    private const double ErrorFloor = 1e-5;
    private const double TimeFloorUs = 1e-3;

    private readonly Dictionary<(string Subject, DriftMetric Metric), Series> _series = [];

    /// <summary>When the latest snapshot fed was taken; null before the first.</summary>
    public DateTimeOffset? Last { get; private set; }

    /// <summary>Feeds the next snapshot of the series; the events it raises, none for the first snapshot of a figure.</summary>
    public IReadOnlyList<DriftEvent> Observe(string hash, CalibrationSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Last = snapshot.TakenAt;
        var events = new List<DriftEvent>();
        foreach (var (subject, metric, value) in Figures(snapshot))
        {
            var y = Math.Log(Math.Max(value, metric is DriftMetric.T1 or DriftMetric.T2 ? TimeFloorUs : ErrorFloor));
            if (!_series.TryGetValue((subject, metric), out var series))
            {
                _series[(subject, metric)] = new Series { Level = y };
                continue;
            }

            var tolerance = metric is DriftMetric.T1 or DriftMetric.T2 ? options.CoherenceTolerance : options.ErrorTolerance;
            var z = (y - series.Level) / tolerance;
            series.High = Math.Max(0, series.High + z - options.Allowance);
            series.Low = Math.Max(0, series.Low - z - options.Allowance);
            var statistic = Math.Max(series.High, series.Low);
            if (statistic > options.Threshold)
            {
                events.Add(new DriftEvent(
                    EventId(hash, subject, metric), backend, hash, subject, metric, Math.Exp(series.Level), value, statistic, snapshot.TakenAt));
                series.Level = y;
                series.High = 0;
                series.Low = 0;
            }
        }

        return events;
    }

    /// <summary>The figures watched: per qubit T1, T2, readout error; per two-qubit gate entry its error (an entry for
    /// every pair, as all-to-all devices list it, is the subject <c>all</c>); the worst gate where a pair has several.</summary>
    private static IEnumerable<(string Subject, DriftMetric Metric, double Value)> Figures(CalibrationSnapshot snapshot)
    {
        foreach (var qubit in snapshot.Qubits.OrderBy(q => q.Qubit))
        {
            var subject = qubit.Qubit.ToString(CultureInfo.InvariantCulture);
            yield return (subject, DriftMetric.T1, qubit.T1Us);
            yield return (subject, DriftMetric.T2, qubit.T2Us);
            yield return (subject, DriftMetric.ReadoutError, qubit.ReadoutError);
        }

        var pairs = snapshot.Gates
            .Where(g => g.Qubits.Count is 0 or 2 && !IsOneQubitEverywhere(g, snapshot))
            .GroupBy(g => g.Qubits.Count == 0 ? "all" : string.Join('-', g.Qubits), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            yield return (pair.Key, DriftMetric.TwoQubitError, pair.Max(g => g.Error));
        }
    }

    /// <summary>An entry without qubits for a gate the snapshot also lists on single qubits is a one-qubit gate.</summary>
    private static bool IsOneQubitEverywhere(GateCalibration gate, CalibrationSnapshot snapshot) =>
        gate.Qubits.Count == 0 && snapshot.Gates.Any(g => g.Qubits.Count == 1 && string.Equals(g.Gate, gate.Gate, StringComparison.Ordinal));

    private string EventId(string hash, string subject, DriftMetric metric) =>
        "drift-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{backend}\n{hash}\n{subject}\n{metric}")))[..16];

    private sealed class Series
    {
        public double Level { get; set; }

        public double High { get; set; }

        public double Low { get; set; }
    }
}
