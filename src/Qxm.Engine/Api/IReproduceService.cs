using Qxm.Engine.Reproduction;

namespace Qxm.Engine.Api;

/// <summary>Rerun a run's experiment version and compare the two. The engine implements it over the runs the caller may
/// see; the CLI's HTTP client over a running <c>qxm serve</c>.</summary>
public interface IReproduceService
{
    /// <summary>Submits the original's experiment version again (same seed; on <paramref name="backend"/> and with
    /// <paramref name="shots"/> when given), linked to the original in both runs' provenance.</summary>
    Task<ReproduceOutcome> ReproduceAsync(string runId, string? backend, int? shots, CancellationToken cancellationToken);

    /// <summary>Compares a rerun with the run it reproduces, once both have results, and records the verdict on the link.</summary>
    Task<ComparisonOutcome> CompareAsync(string rerunId, CancellationToken cancellationToken);
}
