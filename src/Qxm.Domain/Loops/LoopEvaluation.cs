namespace Qxm.Domain.Loops;

/// <summary>One evaluation of a loop's objective: the run that measured it, at which parameters, with what value.</summary>
/// <param name="Index">0-based, in order.</param>
/// <param name="Value">The objective as measured (not negated when maximising).</param>
public sealed record LoopEvaluation(
    int Index,
    string RunId,
    IReadOnlyList<double> Parameters,
    double Value,
    double StandardError,
    long Shots,
    DateTimeOffset At)
{
    /// <summary>With a post-hook objective, the artifact holding the hook's provenance record (which names its input and
    /// output artifacts); null for an observable objective.</summary>
    public string? ObjectiveArtifact { get; init; }
}
