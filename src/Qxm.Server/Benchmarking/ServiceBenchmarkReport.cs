namespace Qxm.Server.Benchmarking;

/// <summary>The figures of one benchmark, with the conditions they were measured under.</summary>
public sealed record ServiceBenchmarkReport(
    MachineProbe Machine,
    IReadOnlyList<StoreFigures> Stores,
    LatencyFigures SchedulingDecision,
    int QueuedForScheduling,
    AuthenticationFigures Authentication)
{
    /// <summary>The loop latency of a loop the server drove (SQLite), null when not measured.</summary>
    public LatencyFigures? LoopLatency { get; init; }

    public int LoopIterations { get; init; }
}
