using Qxm.Domain.Runs;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Slo;

/// <summary>Computes the SLIs from the runs that ended in a window and the window's facts (reservations, drift events,
/// refused requests): pure, so the definitions are tested on fixed records.</summary>
public static class SliCalculator
{
    public const string All = "*";

    /// <summary>Every SLI the issue names is computed now; the list stays for SLIs added before their data exists.</summary>
    public static readonly IReadOnlyList<PendingSli> Pending = [];

    /// <param name="prices">Each backend's price per shot; a backend missing from it has no cost.</param>
    public static SliReport Compute(
        IReadOnlyList<FinishedRunRecord> runs, string window, DateTimeOffset since, DateTimeOffset until, bool truncated,
        SliWindowFacts? facts = null, IReadOnlyDictionary<string, decimal>? prices = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var context = new Context(since, until, facts ?? SliWindowFacts.None, prices ?? new Dictionary<string, decimal>());
        var groups = new List<SliGroup> { Group(All, All, runs, context) };
        groups.AddRange(runs.GroupBy(r => (r.Tenant, r.Backend))
            .OrderBy(g => g.Key.Tenant, StringComparer.Ordinal).ThenBy(g => g.Key.Backend, StringComparer.Ordinal)
            .Select(g => Group(g.Key.Tenant, g.Key.Backend, [.. g], context)));
        return new SliReport(window, since, until, groups, Pending, truncated);
    }

    private static SliGroup Group(string tenant, string backend, IReadOnlyList<FinishedRunRecord> runs, Context context)
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
            dispatched.Count == 0 ? null : schedulerErrors / (double)dispatched.Count,
            dispatched.Count == 0 ? null : dispatched.Count(r => r.FailedCalls > 0) / (double)dispatched.Count,
            Utilisation(tenant, backend, runs, context),
            PerSpan(backend == All ? context.Facts.DriftEventsByBackend.Values.Sum() : context.Facts.DriftEventsByBackend.GetValueOrDefault(backend), context, TimeSpan.FromDays(1)),
            PerSpan(tenant == All ? context.Facts.DeniedByTenant.Values.Sum() : context.Facts.DeniedByTenant.GetValueOrDefault(tenant), context, TimeSpan.FromHours(1)),
            Cost(runs, context.Prices))
        {
            ReproduceRate = ReproduceRate(tenant, backend, context.Facts.Reproductions),
        };
    }

    /// <summary>Identical and consistent reruns over all reruns compared (inconclusive ones count against it: the rerun
    /// could not confirm the result).</summary>
    private static double? ReproduceRate(string tenant, string backend, IReadOnlyList<ReproductionFact> reproductions)
    {
        var group = reproductions.Where(r => (tenant == All || r.Tenant == tenant) && (backend == All || r.Backend == backend)).ToList();
        return group.Count == 0 ? null : group.Count(r => r.Verdict is "identical" or "consistent") / (double)group.Count;
    }

    /// <summary>A run is busy from its last start for the time its backend reports executing (to its end when the backend
    /// reports none), clipped to the window; the part inside a reservation of its tenant on its backend counts as
    /// reserved. Reserved utilisation is that part over the reservations' time in the window (the group's tenant's, all
    /// tenants' for <c>*</c>); unreserved, the rest over the window's time outside reservations, per backend.</summary>
    private static DeviceUtilisation? Utilisation(string tenant, string backend, IReadOnlyList<FinishedRunRecord> runs, Context context)
    {
        var executed = runs.Where(r => r.LastStartedAt is not null && r.State != RunState.Cancelled).ToList();
        if (executed.Count == 0)
        {
            return null;
        }

        double busy = 0, reservedBusy = 0;
        foreach (var run in executed)
        {
            var start = run.LastStartedAt!.Value;
            var end = run.ExecutionSeconds is { } seconds ? Min(start.AddSeconds(seconds), run.FinishedAt) : run.FinishedAt;
            busy += Overlap(start, end, context.Since, context.Until);
            reservedBusy += context.Facts.Reservations
                .Where(v => v.Tenant == run.Tenant && v.Backend == run.Backend)
                .Sum(v => Overlap(Max(start, v.Start), Min(end, v.End), context.Since, context.Until));
        }

        var backends = executed.Select(r => r.Backend).Distinct(StringComparer.Ordinal).ToList();
        var onBackends = context.Facts.Reservations.Where(v => backends.Contains(v.Backend, StringComparer.Ordinal)).ToList();
        var allReserved = onBackends.Sum(v => Overlap(v.Start, v.End, context.Since, context.Until));
        var reserved = tenant == All ? allReserved : onBackends.Where(v => v.Tenant == tenant).Sum(v => Overlap(v.Start, v.End, context.Since, context.Until));
        var unreservedTime = backends.Count * (context.Until - context.Since).TotalSeconds - allReserved;
        var unreservedBusy = busy - reservedBusy;
        return new DeviceUtilisation(
            busy, reserved, reservedBusy, unreservedBusy,
            reserved > 0 ? Math.Min(1, reservedBusy / reserved) : null,
            unreservedTime > 0 ? Math.Min(1, unreservedBusy / unreservedTime) : null);
    }

    private static decimal? Cost(IReadOnlyList<FinishedRunRecord> runs, IReadOnlyDictionary<string, decimal> prices)
    {
        var charged = runs.Where(r => r.State == RunState.Succeeded && prices.ContainsKey(r.Backend)).ToList();
        return charged.Count == 0 ? null : charged.Sum(r => r.ShotsExecuted * prices[r.Backend]) / charged.Count;
    }

    private static double? PerSpan(int count, Context context, TimeSpan span)
    {
        var length = context.Until - context.Since;
        return length > TimeSpan.Zero ? count / (length / span) : null;
    }

    private static double Overlap(DateTimeOffset start, DateTimeOffset end, DateTimeOffset since, DateTimeOffset until) =>
        Math.Max(0, (Min(end, until) - Max(start, since)).TotalSeconds);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed record Context(DateTimeOffset Since, DateTimeOffset Until, SliWindowFacts Facts, IReadOnlyDictionary<string, decimal> Prices);

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
