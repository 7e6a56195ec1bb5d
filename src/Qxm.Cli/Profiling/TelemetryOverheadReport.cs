namespace Qxm.Cli.Profiling;

/// <summary>Each mode's medians over the rounds, and the rounds' on/off ratios with their spread.</summary>
/// <param name="LoadBefore">The 1-minute load average before the rounds (with 2 cores, 2 is a busy machine).</param>
internal sealed record TelemetryOverheadReport(
    TelemetryOverheadOptions Options, int Cores, double LoadBefore, double LoadAfter, TelemetryOverheadFigures Off, TelemetryOverheadFigures On,
    TelemetryOverheadRatios Ratios);

/// <summary>One mode's medians: submissions (backend held), the queue they left run through (backend released), and
/// single tiny runs one after another. CPU is the server process's alone.</summary>
internal sealed record TelemetryOverheadFigures(
    double SubmissionsPerSecond, double CpuMillisecondsPerSubmission, double QueuedRunsPerSecond, double CpuMillisecondsPerQueuedRun,
    double TinyRunP50Milliseconds, double TinyRunP99Milliseconds, double CpuMillisecondsPerTinyRun);

/// <summary>On relative to off (1.0 = no change), over the rounds' own ratios.</summary>
internal sealed record TelemetryOverheadRatios(
    RatioSpread Throughput, RatioSpread CpuPerSubmission, RatioSpread QueueThroughput, RatioSpread CpuPerQueuedRun, RatioSpread TinyRunP50,
    RatioSpread CpuPerTinyRun);
