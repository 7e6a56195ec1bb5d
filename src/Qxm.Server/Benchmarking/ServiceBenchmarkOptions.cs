namespace Qxm.Server.Benchmarking;

/// <param name="Postgres">A PostgreSQL connection string to measure beside the embedded SQLite store; null measures SQLite only.</param>
/// <param name="Clients">Concurrent HTTP clients submitting.</param>
/// <param name="Submissions">Submissions in the throughput measurement.</param>
/// <param name="TinyRuns">Runs in the end-to-end throughput measurement.</param>
/// <param name="LatencySamples">Sequential runs in the single-run latency measurement.</param>
/// <param name="QueuedForScheduling">Runs queued when scheduling decisions are timed.</param>
/// <param name="AuthRounds">Alternating rounds of submissions with authentication on and off.</param>
/// <param name="LoopIterations">Iterations of an optimizer loop driven by the server, started over HTTP, whose loop
/// latency is measured; 0 skips it.</param>
public sealed record ServiceBenchmarkOptions(
    string? Postgres = null,
    int Clients = 64,
    int Submissions = 5000,
    int TinyRuns = 2000,
    int LatencySamples = 50,
    int QueuedForScheduling = 100_000,
    int AuthRounds = 10,
    int LoopIterations = 0);
