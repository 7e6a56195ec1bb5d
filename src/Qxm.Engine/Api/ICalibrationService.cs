namespace Qxm.Engine.Api;

/// <summary>Backends' calibrations as clients see them: the snapshot in effect, its history, drift events and the runs
/// drift holds, and the operator's release of those runs. Implemented by the engine and by the CLI's HTTP client.</summary>
public interface ICalibrationService
{
    /// <summary>The backend's calibration report; null when no backend has that id. Without <paramref name="since"/> the
    /// history is the current snapshot alone; with <paramref name="qubit"/> every snapshot holds only that qubit.</summary>
    Task<CalibrationReport?> GetCalibrationAsync(string backend, DateTimeOffset? since, int? qubit, CancellationToken cancellationToken);

    /// <summary>Releases the backend's runs held for drift (only <paramref name="tenant"/>'s when given, one of them when
    /// <paramref name="runId"/> is given); the count released, null when no backend has that id.</summary>
    Task<int?> ReleaseHeldAsync(string backend, string? runId, string? tenant, string actor, CancellationToken cancellationToken);
}
