using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Qxm.Engine.Diagnostics;

/// <summary>The current state values behind qxm's observable gauges of backends: whoever owns the state sets it here (the
/// circuit breaker, the operator's drain and hold, the calibration source) and every scrape reads the latest.</summary>
public static class BackendGauges
{
    public static readonly IReadOnlyList<string> BreakerStates = ["closed", "open", "half_open"];
    public static readonly IReadOnlyList<string> Statuses = ["online", "maintenance", "offline", "draining", "held"];

    private static readonly ConcurrentDictionary<string, string> Breakers = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> StatusByBackend = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, DateTimeOffset> CalibratedAt = new(StringComparer.Ordinal);

    /// <summary>The clock calibration ages are measured against (a test may replace it).</summary>
    public static TimeProvider Time { get; set; } = TimeProvider.System;

    public static void SetBreakerState(string backend, string state) => Breakers[backend] = Known(state, BreakerStates);

    public static void SetStatus(string backend, string status) => StatusByBackend[backend] = Known(status, Statuses);

    public static void SetCalibrationAge(string backend, DateTimeOffset takenAt) => CalibratedAt[backend] = takenAt;

    internal static IEnumerable<Measurement<int>> BreakerMeasurements() => OneHot(Breakers, BreakerStates, QxmTelemetry.Labels.State);

    internal static IEnumerable<Measurement<int>> StatusMeasurements() => OneHot(StatusByBackend, Statuses, QxmTelemetry.Labels.Status);

    internal static IEnumerable<Measurement<double>> CalibrationAgeMeasurements()
    {
        var now = Time.GetUtcNow();
        return CalibratedAt.Select(c => new Measurement<double>(
            Math.Max(0, (now - c.Value).TotalSeconds), new KeyValuePair<string, object?>(QxmTelemetry.Labels.Backend, c.Key)));
    }

    private static IEnumerable<Measurement<int>> OneHot(ConcurrentDictionary<string, string> current, IReadOnlyList<string> values, string label) =>
        current.SelectMany(c => values.Select(v => new Measurement<int>(
            v == c.Value ? 1 : 0, new(QxmTelemetry.Labels.Backend, c.Key), new(label, v))));

    private static string Known(string value, IReadOnlyList<string> known) =>
        known.Contains(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, $"one of {string.Join(", ", known)} expected");
}
