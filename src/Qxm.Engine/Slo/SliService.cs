using Qxm.Engine.Persistence;

namespace Qxm.Engine.Slo;

/// <summary>Reads the runs that ended in a window and the window's facts from the store and computes their SLIs; cost
/// comes from the backends' prices per shot.</summary>
/// <param name="provenance">Where reruns' verdicts are, for the reproduce rate; null leaves it out.</param>
public sealed class SliService(ITelemetryStore store, TimeProvider time, IReadOnlyDictionary<string, decimal>? prices = null, IRunProvenance? provenance = null)
{
    /// <summary>More runs than this in one window are summarised from the newest this many (the report says so).</summary>
    public const int MaxRuns = 200_000;

    public async Task<SliReport> ComputeAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow();
        var since = until - window;
        var runs = await store.ListFinishedAsync(since, MaxRuns + 1, cancellationToken);
        var truncated = runs.Count > MaxRuns;
        var facts = await store.ReadWindowFactsAsync(since, until, cancellationToken);
        if (provenance is not null)
        {
            facts = facts with { Reproductions = await provenance.ListReproductionsAsync(since, until, cancellationToken) };
        }

        return SliCalculator.Compute(truncated ? [.. runs.Take(MaxRuns)] : runs, SliWindow.Format(window), since, until, truncated, facts, prices);
    }
}
