namespace Qxm.Domain.Backends;

/// <summary>Measured values of a device at one time. Kept apart from the <see cref="Target"/>, whose limits do not
/// drift: a run records the snapshot it ran under, and drift detection compares snapshots over time.</summary>
public sealed record CalibrationSnapshot(
    string Backend,
    DateTimeOffset TakenAt,
    IReadOnlyList<QubitCalibration> Qubits,
    IReadOnlyList<GateCalibration> Gates);
