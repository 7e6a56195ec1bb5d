namespace Qxm.Domain.Calibration;

/// <summary>A change the detector found in one figure of one backend's calibration series.</summary>
/// <param name="Id">Derived from backend, snapshot, subject and metric, so every instance that replays the same series
/// records the same event once.</param>
/// <param name="Subject">The qubit (<c>4</c>) or coupled pair (<c>3-5</c>) the figure belongs to.</param>
/// <param name="Baseline">The figure's level before the change.</param>
/// <param name="Value">The figure in the snapshot that raised the event.</param>
/// <param name="Statistic">The detector's statistic when it crossed its threshold.</param>
/// <param name="DetectedAt">When the snapshot that raised it was taken.</param>
/// <param name="ResolvedAt">When a later snapshot of the backend showed no drift; null while the drift is active.</param>
public sealed record DriftEvent(
    string Id,
    string Backend,
    string Snapshot,
    string Subject,
    DriftMetric Metric,
    double Baseline,
    double Value,
    double Statistic,
    DateTimeOffset DetectedAt,
    DateTimeOffset? ResolvedAt = null)
{
    public override string ToString() =>
        $"{Metric} of {(Subject.Contains('-', StringComparison.Ordinal) ? "pair" : "qubit")} {Subject} moved from {Baseline:G4} to {Value:G4} at {DetectedAt:u}";
}
