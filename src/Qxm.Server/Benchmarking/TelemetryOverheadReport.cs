namespace Qxm.Server.Benchmarking;

/// <summary>Medians over alternating rounds with telemetry off and on, and what turning it on costs.</summary>
public sealed record TelemetryOverheadReport(
    int Rounds, int Submissions, int Clients, int LatencySamples, TelemetryOverheadFigures Off, TelemetryOverheadFigures On)
{
    /// <summary>Submission throughput with telemetry on relative to off (1.0 = no change).</summary>
    public double ThroughputRatio => Off.SubmissionsPerSecond == 0 ? 0 : On.SubmissionsPerSecond / Off.SubmissionsPerSecond;

    /// <summary>Process CPU time per submission with telemetry on relative to off.</summary>
    public double SubmissionCpuRatio => Off.CpuMillisecondsPerSubmission == 0 ? 0 : On.CpuMillisecondsPerSubmission / Off.CpuMillisecondsPerSubmission;

    /// <summary>Process CPU time per tiny run with telemetry on relative to off.</summary>
    public double RunCpuRatio => Off.CpuMillisecondsPerTinyRun == 0 ? 0 : On.CpuMillisecondsPerTinyRun / Off.CpuMillisecondsPerTinyRun;

    /// <summary>Tiny-run p50 latency with telemetry on relative to off (1.0 = no change).</summary>
    public double LatencyRatio => Off.TinyRunP50Milliseconds == 0 ? 0 : On.TinyRunP50Milliseconds / Off.TinyRunP50Milliseconds;
}

public sealed record TelemetryOverheadFigures(
    double SubmissionsPerSecond, double TinyRunP50Milliseconds, double TinyRunP99Milliseconds, double CpuMillisecondsPerSubmission, double CpuMillisecondsPerTinyRun);
