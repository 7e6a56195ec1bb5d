using Qxm.Domain.Tenancy;

namespace Qxm.Engine.Scheduling;

/// <summary>Chooses what runs next on a backend. Pure and deterministic: queue, usage, weights, reservations and the
/// clock in; a decision out. The order: an active reservation's holder only; then priority class, with aging;
/// then the tenant furthest below its weighted fair share of recent usage; then submission order.</summary>
public sealed class SchedulingPolicy
{
    private readonly SchedulingOptions _options;

    public SchedulingPolicy(SchedulingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <param name="weights">Fair-share weight per tenant; a tenant not listed weighs 1.</param>
    public SchedulingDecision Decide(
        ReadyRuns queue,
        UsageLedger usage,
        IReadOnlyDictionary<string, double> weights,
        IReadOnlyList<Reservation> reservations,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(reservations);
        var reservation = reservations.FirstOrDefault(r => r.IsActiveAt(now));
        var tenants = reservation is null ? queue.Tenants : queue.Tenants.Where(t => t == reservation.Tenant);

        // Per tenant: its most urgent head (lowest effective class, then oldest).
        var candidates = new List<(string Tenant, QueuedRunInfo Run, int Class)>();
        foreach (var tenant in tenants)
        {
            (QueuedRunInfo Run, int Class)? best = null;
            foreach (var priority in (ReadOnlySpan<PriorityClass>)[PriorityClass.High, PriorityClass.Normal, PriorityClass.Low])
            {
                if (queue.Head(tenant, priority) is not { } head)
                {
                    continue;
                }

                var effective = EffectiveClass(head, now);
                if (best is null || effective < best.Value.Class || (effective == best.Value.Class && head.Sequence < best.Value.Run.Sequence))
                {
                    best = (head, effective);
                }
            }

            if (best is { } found)
            {
                candidates.Add((tenant, found.Run, found.Class));
            }
        }

        if (candidates.Count == 0)
        {
            return new SchedulingDecision(null, reservation is null
                ? "nothing is queued"
                : $"reserved for tenant '{reservation.Tenant}' until {reservation.End:u}, which has nothing queued");
        }

        var topClass = candidates.Min(c => c.Class);
        var contenders = candidates.Where(c => c.Class == topClass).ToList();
        var totalWeight = contenders.Sum(c => Weight(weights, c.Tenant));
        var totalUsage = contenders.Sum(c => usage.Usage(c.Tenant, now));
        var chosen = contenders
            .Select(c => (c.Run, c.Tenant, Deficit: Weight(weights, c.Tenant) / totalWeight - (totalUsage > 0 ? usage.Usage(c.Tenant, now) / totalUsage : 0)))
            .OrderByDescending(c => c.Deficit)
            .ThenBy(c => c.Run.Sequence)
            .First();

        var because = new List<string>();
        if (reservation is not null)
        {
            because.Add($"tenant '{reservation.Tenant}' holds reservation {reservation.Id}");
        }

        var aged = topClass < (int)chosen.Run.Priority ? $" (aged from {chosen.Run.Priority.ToString().ToLowerInvariant()})" : "";
        because.Add($"priority {((PriorityClass)topClass).ToString().ToLowerInvariant()}{aged}");
        if (contenders.Count > 1)
        {
            because.Add($"tenant '{chosen.Tenant}' is furthest below its fair share (deficit {chosen.Deficit:+0.000;-0.000})");
        }

        return new SchedulingDecision(chosen.Run, string.Join("; ", because));
    }

    /// <summary>Removes the dispatched run from the queue and charges its cost to its tenant.</summary>
    public static void Dispatch(ReadyRuns queue, UsageLedger usage, QueuedRunInfo run, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(usage);
        queue.Remove(run.RunId);
        usage.Record(run.Tenant, run.Cost, now);
    }

    /// <summary>The predicted dispatch order with the reason for each place, assuming each run takes its cost in
    /// seconds and nothing else arrives. For explanation only: it copies the queue.</summary>
    public IReadOnlyList<SchedulingDecision> Explain(
        ReadyRuns queue,
        UsageLedger usage,
        IReadOnlyDictionary<string, double> weights,
        IReadOnlyList<Reservation> reservations,
        DateTimeOffset now,
        int limit = 1000)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(usage);
        var copy = queue.Copy();
        var ledger = usage.Copy();
        var order = new List<SchedulingDecision>();
        var clock = now;
        while (order.Count < limit && copy.Count > 0)
        {
            var decision = Decide(copy, ledger, weights, reservations, clock);
            if (decision.Run is not { } run)
            {
                // Blocked by a reservation: the next decision happens when it ends.
                var blocking = reservations.Where(r => r.IsActiveAt(clock)).Select(r => r.End).DefaultIfEmpty(clock).Max();
                if (blocking <= clock)
                {
                    break;
                }

                clock = blocking;
                continue;
            }

            order.Add(decision);
            Dispatch(copy, ledger, run, clock);
            clock += TimeSpan.FromSeconds(Math.Max(run.Cost, 0));
        }

        return order;
    }

    private static double Weight(IReadOnlyDictionary<string, double> weights, string tenant) =>
        weights.TryGetValue(tenant, out var w) && w > 0 ? w : 1;

    private int EffectiveClass(QueuedRunInfo run, DateTimeOffset now)
    {
        var waited = now - run.EnqueuedAt;
        var steps = waited <= TimeSpan.Zero ? 0 : (int)Math.Min(int.MaxValue, waited.Ticks / _options.AgingInterval.Ticks);
        return Math.Max(0, (int)run.Priority - steps);
    }
}
