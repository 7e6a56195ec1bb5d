namespace Qxm.Cli.Profiling;

/// <summary>The size of <c>qxm bench-service --telemetry-overhead</c>: alternating rounds of both modes, each mode
/// timing <paramref name="Submissions"/> from <paramref name="Clients"/> concurrent clients and <paramref name="TinyRuns"/>
/// single runs one after another, after <paramref name="WarmUpBursts"/> warm-up bursts of <paramref name="WarmUpSubmissions"/> each.
/// A round's submissions are timed in <paramref name="Windows"/> windows a mode, the modes alternating window by window.</summary>
internal sealed record TelemetryOverheadOptions(
    int Rounds = 12, int Submissions = 2000, int Clients = 32, int TinyRuns = 100, int WarmUpSubmissions = 256, int WarmUpBursts = 3, int Windows = 8);
