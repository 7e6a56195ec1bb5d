namespace Qxm.Domain.Runs;

/// <summary>The ingested result of a run: one entry per sweep point, in sweep order.</summary>
public sealed record RunResult(
    string RunId,
    int Shots,
    IReadOnlyList<SweepPointResult> Points,
    double SimulationSeconds,
    string ArtifactHash);
