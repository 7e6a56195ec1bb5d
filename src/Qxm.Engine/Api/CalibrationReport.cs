using Qxm.Domain.Calibration;

namespace Qxm.Engine.Api;

/// <summary>A backend's calibration: the snapshot in effect (null for a backend that reports none, such as an ideal
/// simulator), the requested part of its history oldest first, its drift events over that span (the active ones when no
/// span was asked for), and how many runs drift holds on it now.</summary>
public sealed record CalibrationReport(
    string Backend,
    CalibrationRecord? Current,
    IReadOnlyList<CalibrationRecord> History,
    IReadOnlyList<DriftEvent> DriftEvents,
    int HeldRuns);
