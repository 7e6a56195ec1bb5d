using Qxm.Domain.Runs;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Slo;

/// <summary>Computes the SLIs from the runs that ended in a window: pure, so the definitions are tested on fixed records.</summary>
public static class SliCalculator
{
    public const string All = "*";

    public static readonly IReadOnlyList<PendingSli> Pending =
    [
        new("retry_rate", "needs the attempts and retries the resilience pipeline records"),
        new("device_utilisation", "needs backend busy time per reservation (reserved and unreserved)"),
        new("denied_access_rate", "needs the access decisions authentication records"),
        new("drift_rate", "needs the calibration drift events"),
        new("cost_per_experiment", "needs the cost ledger"),
    ];

    public static SliReport Compute(IReadOnlyList<FinishedRunRecord> runs, string window, DateTimeOffset since, DateTimeOffset until, bool truncated)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var groups = new List<SliGroup> { Group(All, All, runs) };
        groups.AddRange(runs.GroupBy(r => (r.Tenant, r.Backend))
            .OrderBy(g => g.Key.Tenant, StringComparer.Ordinal).ThenBy(g => g.Key.Backend, StringComparer.Ordinal)
            .Select(g => Group(g.Key.Tenant, g.Key.Backend, [.. g])));
        return new SliReport(window, since, until, groups, Pending, truncated);
    }

    private static SliGroup Group(string tenant, string backend, IReadOnlyList<FinishedRunRecord> runs)
    {
        var succeeded = runs.Count(r => r.State == RunState.Succeeded);
        var failed = runs.Count(r => r.State == RunState.Failed);
        var cancelled = runs.Count(r => r.State == RunState.Cancelled);
        var dispatched = runs.Where(r => r.FirstStartedAt is not null).ToList();

        // A complete run carries a trace and, when it succeeded, its result; calibration and provenance join when recorded.
        var completeness = runs.Count == 0 ? (double?)null
            : runs.Count(r => r.HasTrace && (r.State != RunState.Succeeded || r.HasResult)) / (double)runs.Count;

        // The scheduler erred when a run had to be requeued after its lease expired or gave up after its attempts.
        var schedulerErrors = dispatched.Count(r => r.LeaseExpiries > 0 || (r.Error?.StartsWith("gave up after", StringComparison.Ordinal) ?? false));

        // Ingestion: from the end of the backend's execution (its start plus the time it reports) to the durable result.
        var ingestion = runs.Where(r => r.State == RunState.Succeeded && r.LastStartedAt is not null && r.ExecutionSeconds is not null)
            .Select(r => Math.Max(0, (r.FinishedAt - r.LastStartedAt!.Value).TotalSeconds - r.ExecutionSeconds!.Value));
        return new SliGroup(
            tenant,
            backend,
            runs.Count,
            succeeded,
            failed,
            cancelled,
            succeeded + failed == 0 ? null : succeeded / (double)(succeeded + failed),
            Percentiles(runs.Where(r => r.State == RunState.Succeeded).Select(r => (r.FinishedAt - r.CreatedAt).TotalSeconds)),
            Percentiles(dispatched.Select(r => (r.FirstStartedAt!.Value - r.CreatedAt).TotalSeconds)),
            Percentiles(ingestion),
            completeness,
            dispatched.Count == 0 ? null : schedulerErrors / (double)dispatched.Count);
    }

    /// <summary>Nearest-rank percentiles; null for no samples.</summary>
    public static LatencyPercentiles? Percentiles(IEnumerable<double> samples)
    {
        var sorted = samples.Select(s => Math.Max(0, s)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencyPercentiles(Rank(0.50), Rank(0.90), Rank(0.99), sorted[^1]);
    }
}
