using Qxm.Domain.Calibration;

namespace Qxm.Engine.Persistence;

/// <summary>Each backend's calibration history as a time series, and the snapshot each run was dispatched under.</summary>
public interface ICalibrationStore
{
    /// <summary>Adds the snapshot to its backend's series unless the series already holds that hash; true when added.</summary>
    Task<bool> RecordAsync(CalibrationRecord record, CancellationToken cancellationToken);

    /// <summary>The latest <paramref name="limit"/> snapshots of a backend taken at or after <paramref name="since"/>, oldest
    /// first; with <paramref name="qubit"/>, each holds only that qubit and the gate entries on it.</summary>
    Task<IReadOnlyList<CalibrationRecord>> ListAsync(string backend, DateTimeOffset since, int? qubit, int limit, CancellationToken cancellationToken);

    /// <summary>Records that the run was dispatched under the snapshot <paramref name="hash"/>, carrying <paramref name="driftEvents"/>
    /// (ids); a second binding of the same run (a retried attempt) replaces the first.</summary>
    Task BindRunAsync(string runId, string backend, string hash, IReadOnlyList<string> driftEvents, CancellationToken cancellationToken);

    /// <summary>The calibration the run was last dispatched under, with its drift events; null when never bound.</summary>
    Task<RunCalibration?> GetRunCalibrationAsync(string runId, CancellationToken cancellationToken);
}
