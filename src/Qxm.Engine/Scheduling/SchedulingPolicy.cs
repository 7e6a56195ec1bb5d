using Qxm.Domain.Tenancy;

namespace Qxm.Engine.Scheduling;

/// <summary>Chooses what runs next on a backend. Pure and deterministic: queue, usage, weights, reservations, sessions and
/// the clock in; a decision out. The order: an active reservation's holder only; else an active session's holder only;
/// then priority class, with aging;
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
    /// <param name="sessions">The backend's sessions as windows (<see cref="Session.AsWindow"/>); a reservation of another
    /// tenant overrides them, so a session never breaks a reservation.</param>
    public SchedulingDecision Decide(
        ReadyRuns queue,
        UsageLedger usage,
        IReadOnlyDictionary<string, double> weights,
        IReadOnlyList<Reservation> reservations,
        DateTimeOffset now,
        IReadOnlyList<Reservation>? sessions = null)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(reservations);
        var reservation = reservations.FirstOrDefault(r => r.IsActiveAt(now));
        var session = reservation is null ? sessions?.FirstOrDefault(s => s.IsActiveAt(now)) : null;
        var holder = reservation ?? session;
        var tenants = holder is null ? queue.Tenants : queue.Tenants.Where(t => t == holder.Tenant);

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
            return new SchedulingDecision(null, (reservation, session) switch
            {
                ({ } r, _) => $"reserved for tenant '{r.Tenant}' until {r.End:u}, which has nothing queued",
                (_, { } s) => $"held by session {s.Id} of tenant '{s.Tenant}' until {s.End:u} at the latest, which has nothing queued",
                _ => "nothing is queued",
            });
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

        if (session is not null)
        {
            because.Add($"tenant '{session.Tenant}' holds session {session.Id}");
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

    /// <summary>The predicted dispatch order with the reason for each place, assuming a dispatch every
    /// <paramref name="interval"/> (default one second) and that nothing else arrives. For explanation only: it copies the queue.</summary>
    public IReadOnlyList<SchedulingDecision> Explain(
        ReadyRuns queue,
        UsageLedger usage,
        IReadOnlyDictionary<string, double> weights,
        IReadOnlyList<Reservation> reservations,
        DateTimeOffset now,
        TimeSpan? interval = null,
        int limit = 1000,
        IReadOnlyList<Reservation>? sessions = null)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(usage);
        var copy = queue.Copy();
        var ledger = usage.Copy();
        var order = new List<SchedulingDecision>();
        var clock = now;
        string? waitedFor = null;
        while (order.Count < limit && copy.Count > 0)
        {
            var decision = Decide(copy, ledger, weights, reservations, clock, sessions);
            if (decision.Run is not { } run)
            {
                // Blocked by a reservation (or session) whose holder has nothing queued: the next decision happens when it ends.
                var blocking = reservations.Concat(sessions ?? []).Where(r => r.IsActiveAt(clock)).OrderByDescending(r => r.End).FirstOrDefault();
                if (blocking is null || blocking.End <= clock)
                {
                    break;
                }

                var kind = reservations.Contains(blocking) ? "reservation" : "session";
                waitedFor = $"waits for {kind} {blocking.Id} of tenant '{blocking.Tenant}' to end at {blocking.End:u}";
                clock = blocking.End;
                continue;
            }

            order.Add(decision with { Reason = waitedFor is null ? decision.Reason : $"{waitedFor}; then {decision.Reason}", At = clock });
            waitedFor = null;
            Dispatch(copy, ledger, run, clock);
            clock += interval ?? TimeSpan.FromSeconds(1);
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
