namespace Qxm.Engine.Reproduction;

/// <summary>A rerun compared with its original: the verdict over every sweep point, at significance level
/// <see cref="Alpha"/> for the whole run (each point tested at alpha / points) and distance tolerance
/// <see cref="Tolerance"/>, with the calibration each ran under and how it changed between them.</summary>
public sealed record RunComparison(
    string OriginalRunId,
    string RerunId,
    ReproduceVerdict Verdict,
    double Alpha,
    double Tolerance,
    IReadOnlyList<PointComparison> Points,
    CalibrationDifference Calibration);

/// <summary>The calibration snapshots of the two runs (null where a backend has none) and the measurements that differ.</summary>
public sealed record CalibrationDifference(string? Original, string? Rerun, IReadOnlyList<string> Changes);
