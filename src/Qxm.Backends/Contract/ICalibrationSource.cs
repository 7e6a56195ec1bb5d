using Qxm.Domain.Backends;

namespace Qxm.Backends.Contract;

/// <summary>A backend that measures itself. Kept apart from <see cref="IBackend"/>: an ideal simulator has nothing to report.</summary>
public interface ICalibrationSource
{
    /// <summary>The latest calibration snapshot.</summary>
    Task<CalibrationSnapshot> GetCalibrationAsync(CancellationToken cancellationToken);
}
