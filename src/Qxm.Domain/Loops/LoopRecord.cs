using Qxm.Domain.Experiments;

namespace Qxm.Domain.Loops;

/// <summary>An optimizer loop as stored: the experiment it evaluates, its settings, its state and best point so far.
/// Its evaluations are stored beside it, one per iteration, as they happen.</summary>
public sealed record LoopRecord(
    string Id,
    string Tenant,
    ExperimentDefinition Experiment,
    LoopState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Where the experiment file was, for circuit includes embedded; null over the API.</summary>
    public string? BaseDirectory { get; init; }

    public int Evaluations { get; init; }

    public double? BestValue { get; init; }

    public IReadOnlyList<double>? BestParameters { get; init; }

    /// <summary>Why the loop ended (converged, which budget ran out, what failed); null while it runs.</summary>
    public string? Reason { get; init; }

    public OptimizeSettings Settings => Experiment.Optimize ?? throw new Errors.QxmException($"loop {Id} has no optimize settings");
}
