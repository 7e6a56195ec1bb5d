using Qxm.Domain.Runs;

namespace Qxm.Domain.Provenance;

/// <summary>Everything known about where a run's result came from, in one record: the experiment version, who asked,
/// every artifact by hash, the backend and the calibration it ran under, how and where it executed, every call and
/// every state change. <see cref="QueueWaitSeconds"/> runs from the first Queued to the first Running;
/// <see cref="ExecutionSeconds"/> from the last Running to the end (null until those happened).</summary>
public sealed record RunProvenance
{
    public required string RunId { get; init; }

    public required string Name { get; init; }

    public required string Tenant { get; init; }

    public required string Submitter { get; init; }

    public required RunState State { get; init; }

    public required string Fingerprint { get; init; }

    /// <summary>When this experiment version was first stored.</summary>
    public required DateTimeOffset ExperimentCreatedAt { get; init; }

    public required string Backend { get; init; }

    public required int Shots { get; init; }

    public required int SweepPoints { get; init; }

    public ulong? Seed { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The run options of the experiment version as stored (threads, precision, ...), as JSON; null when none.</summary>
    public string? Options { get; init; }

    public string? CalibrationHash { get; init; }

    public DateTimeOffset? CalibrationTakenAt { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public double? QueueWaitSeconds { get; init; }

    public double? ExecutionSeconds { get; init; }

    /// <summary>The backend's own execution time, as it reported it with the result.</summary>
    public double? BackendSeconds { get; init; }

    public int Attempts { get; init; }

    public string? Error { get; init; }

    public string? BackendJobId { get; init; }

    public string? TraceId { get; init; }

    public IReadOnlyList<ArtifactReference> Artifacts { get; init; } = [];

    public IReadOnlyList<ExecutionFacts> Executions { get; init; } = [];

    public IReadOnlyList<BackendAttempt> BackendCalls { get; init; } = [];

    public IReadOnlyList<RunTransition> Transitions { get; init; } = [];

    public IReadOnlyList<RunLink> Links { get; init; } = [];

    /// <summary>The facts a complete record of a finished run must carry and this one lacks (empty when complete): the
    /// telemetry completeness SLI counts the runs with none missing.</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];
}
