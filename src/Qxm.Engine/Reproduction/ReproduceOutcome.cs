using Qxm.Domain.Errors;
using Qxm.Domain.Runs;

namespace Qxm.Engine.Reproduction;

public enum ReproduceStatus
{
    Submitted,
    NotFound,

    /// <summary>The original has no result to compare with.</summary>
    NotSucceeded,

    /// <summary>Submission refused the rerun (see the diagnostics).</summary>
    Refused,
}

/// <summary>The rerun submitted, or why none was.</summary>
public sealed record ReproduceOutcome(ReproduceStatus Status, Run? Rerun = null, IReadOnlyList<Diagnostic>? Diagnostics = null);

public enum ComparisonStatus
{
    Compared,
    NotFound,

    /// <summary>The run reproduces no other run.</summary>
    NotAReproduction,

    /// <summary>One of the two runs has no result (yet, or ever).</summary>
    NotFinished,
}

public sealed record ComparisonOutcome(ComparisonStatus Status, RunComparison? Comparison = null, string? OriginalRunId = null);
