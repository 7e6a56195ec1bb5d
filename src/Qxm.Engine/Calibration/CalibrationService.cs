using Qxm.Backends.Contract;
using Qxm.Backends.Registry;
using Qxm.Domain.Calibration;
using Qxm.Engine.Api;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Calibration;

internal sealed class CalibrationService(
    IBackendRegistry backends, CalibrationHistory history, CalibrationStores stores, TimeProvider time, Action released) : ICalibrationService
{
    /// <summary>Enough for a day of minute-by-minute snapshots.</summary>
    private const int MaxHistory = 1440;

    public async Task<CalibrationReport?> GetCalibrationAsync(string backend, DateTimeOffset? since, int? qubit, CancellationToken cancellationToken)
    {
        if (!backends.TryGet(backend, out var found))
        {
            return null;
        }

        if (found is not ICalibrationSource source)
        {
            return new CalibrationReport(backend, null, [], [], 0);
        }

        // Asking for the calibration records the snapshot in effect, as dispatch and the monitor do.
        var observed = await history.ObserveAsync(backend, await source.GetCalibrationAsync(cancellationToken), cancellationToken);
        var latest = await stores.History.ListAsync(backend, DateTimeOffset.MinValue, qubit, 1, cancellationToken);
        var current = latest.Count == 0 ? null : latest[^1];
        var series = since is { } from
            ? await stores.History.ListAsync(backend, from, qubit, MaxHistory, cancellationToken)
            : current is null ? [] : [current];
        var events = since is { } start
            ? await stores.Drift.ListEventsAsync(backend, start, activeOnly: false, cancellationToken)
            : observed.ActiveDrift;
        if (qubit is { } q)
        {
            events = [.. events.Where(e => Touches(e, q))];
        }

        return new CalibrationReport(backend, current, series, events, await stores.Holds.CountHeldAsync(backend, cancellationToken));
    }

    public async Task<int?> ReleaseHeldAsync(string backend, string? runId, string? tenant, string actor, CancellationToken cancellationToken)
    {
        if (!backends.TryGet(backend, out _))
        {
            return null;
        }

        var count = await stores.Holds.ReleaseAsync(backend, runId, tenant, actor, time.GetUtcNow(), cancellationToken);
        if (count > 0)
        {
            released();
        }

        return count;
    }

    private static bool Touches(DriftEvent drift, int qubit) =>
        drift.Subject.Split('-').Contains(qubit.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
}
