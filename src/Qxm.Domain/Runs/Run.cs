using Qxm.Domain.Calibration;
using Qxm.Domain.Errors;

namespace Qxm.Domain.Runs;

/// <summary>One submission of an experiment version to a backend, all sweep points of it.</summary>
public sealed record Run
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Fingerprint { get; init; }
    public required string Backend { get; init; }
    public required int Shots { get; init; }
    public required int SweepPoints { get; init; }
    public required RunState State { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public string Tenant { get; init; } = "default";
    public string Priority { get; init; } = "normal";
    public ulong? Seed { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public int Attempts { get; init; }
    public string? Error { get; init; }
    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];

    /// <summary>The backend job of the run, once a backend accepted it.</summary>
    public string? BackendJobId { get; init; }

    /// <summary>Every call made to the backend for the run (filled in when one run is read, empty in lists).</summary>
    public IReadOnlyList<BackendAttempt> BackendAttempts { get; init; } = [];

    /// <summary>The W3C <c>traceparent</c> of the submission: the run's dispatch and ingest spans join this trace.</summary>
    public string? TraceParent { get; init; }

    /// <summary>The run's trace id (32 hex digits), to look the trace up in a tracing backend.</summary>
    public string? TraceId => TraceParent is { Length: >= 35 } ? TraceParent.Substring(3, 32) : null;

    /// <summary>What happens to this run when its backend's calibration drifts (the experiment's or its tenant's policy).</summary>
    public DriftPolicy OnDrift { get; init; } = DriftPolicy.Run;

    /// <summary>The calibration snapshot the run was dispatched under, with the drift events it carries; null before dispatch
    /// and on backends without calibration (ideal simulators).</summary>
    public RunCalibration? Calibration { get; init; }

    /// <summary>Set while the run is held in the queue because its backend drifted.</summary>
    public DriftHold? Hold { get; init; }

    /// <summary>The run's approved alternative backends and, once it failed over, from where and why; null when it has
    /// none (filled in when one run is read).</summary>
    public RunFailover? Failover { get; init; }
}
