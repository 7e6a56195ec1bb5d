namespace Qxm.Domain.Calibration;

/// <summary>The calibration a run was dispatched under: the snapshot's content hash (its artifact), when the snapshot
/// was taken, and the drift events active then that the run carries (policy <see cref="DriftPolicy.Flag"/>, or a held
/// run an operator released).</summary>
public sealed record RunCalibration(string Hash, DateTimeOffset TakenAt, IReadOnlyList<DriftEvent> DriftEvents);
