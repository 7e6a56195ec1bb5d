namespace Qxm.Server.Benchmarking;

/// <summary>Medians over alternating rounds with telemetry off and on, and what turning it on costs.</summary>
public sealed record TelemetryOverheadReport(
    int Rounds, int Submissions, int Clients, int LatencySamples, TelemetryOverheadFigures Off, TelemetryOverheadFigures On,
    TelemetryOverheadRatios Ratios);

/// <summary>One mode's medians: submissions (backend held), the queue they left run through (backend released), and
/// single tiny runs submitted one after another.</summary>
public sealed record TelemetryOverheadFigures(
    double SubmissionsPerSecond, double TinyRunP50Milliseconds, double TinyRunP99Milliseconds, double CpuMillisecondsPerSubmission,
    double CpuMillisecondsPerTinyRun, double QueuedRunsPerSecond, double CpuMillisecondsPerQueuedRun);

/// <summary>On relative to off (1.0 = no change), each the median over the rounds of that round's ratio.</summary>
public sealed record TelemetryOverheadRatios(
    double Throughput, double CpuPerSubmission, double QueueThroughput, double CpuPerQueuedRun, double TinyRunP50, double CpuPerTinyRun);
