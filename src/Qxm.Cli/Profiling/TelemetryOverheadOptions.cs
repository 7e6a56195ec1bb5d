namespace Qxm.Cli.Profiling;

/// <summary>The size of <c>qxm bench-service --telemetry-overhead</c>: alternating rounds of both modes, each mode
/// timing <paramref name="Submissions"/> from <paramref name="Clients"/> concurrent clients and <paramref name="TinyRuns"/>
/// single runs one after another, after <paramref name="WarmUpBursts"/> warm-up bursts of <paramref name="WarmUpSubmissions"/> each.</summary>
internal sealed record TelemetryOverheadOptions(int Rounds = 12, int Submissions = 1000, int Clients = 32, int TinyRuns = 100, int WarmUpSubmissions = 256, int WarmUpBursts = 3);
