using Qxm.Domain.Calibration;

namespace Qxm.Engine.Calibration;

/// <summary>A snapshot as the history saw it: its content hash and the backend's drift events active after it.</summary>
internal sealed record CalibrationObservation(string Hash, IReadOnlyList<DriftEvent> ActiveDrift);
