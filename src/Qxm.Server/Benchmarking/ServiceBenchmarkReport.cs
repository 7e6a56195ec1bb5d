namespace Qxm.Server.Benchmarking;

/// <summary>The figures of one benchmark, with the conditions they were measured under.</summary>
public sealed record ServiceBenchmarkReport(
    MachineProbe Machine,
    IReadOnlyList<StoreFigures> Stores,
    LatencyFigures SchedulingDecision,
    int QueuedForScheduling,
    AuthenticationFigures Authentication);
