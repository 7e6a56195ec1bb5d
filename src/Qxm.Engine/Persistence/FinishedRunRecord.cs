using Qxm.Domain.Runs;

namespace Qxm.Engine.Persistence;

/// <summary>What the SLIs need of one run that ended in a window: its times, whether its telemetry is complete, whether
/// the scheduler had to requeue it, how many of its backend calls failed (each retried or ending the run) and the shots
/// it executed (shots times sweep points, for its cost).</summary>
public sealed record FinishedRunRecord(
    string Tenant,
    string Backend,
    RunState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset FinishedAt,
    DateTimeOffset? FirstStartedAt,
    DateTimeOffset? LastStartedAt,
    double? ExecutionSeconds,
    bool HasTrace,
    bool HasResult,
    int LeaseExpiries,
    string? Error,
    int FailedCalls = 0,
    long ShotsExecuted = 0);
