using Qxm.Domain.Tenancy;
using Qxm.Engine.Diagnostics;
using Qxm.Engine.Persistence;
using Qxm.Engine.Scheduling;

namespace Qxm.Engine.Dispatch;

/// <summary>Decides and claims the next run for this process's workers. The ready runs and fair-share usage live in
/// memory, fed from the store, which stays the durable log: new queued runs are read incrementally by sequence,
/// everything (usage, reservations, runs requeued or submitted elsewhere) is re-read on a short period. A claim is a
/// compare-and-set on the chosen run, so instances sharing a database never double-dispatch; a lost race just
/// drops that run from memory and decides again.</summary>
internal sealed class Dispatcher(
    IRunLeases leases,
    IReservationStore reservations,
    IBackendControls controls,
    SchedulingPolicy policy,
    SchedulingOptions schedulingOptions,
    IReadOnlyDictionary<string, double> weights,
    EngineOptions options,
    TimeProvider time,
    Func<string, bool> paused,
    ISessionStore? sessions = null) : IDisposable
{
    /// <summary>Whether this process still executes the run: such a run, requeued because its lease lapsed (a starved
    /// heartbeat), is not claimed here again while its attempt lives; another process may take it, fenced (decision 0035).</summary>
    public Func<string, bool>? Executing { get; init; }

    private List<Session> _sessions = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _claiming = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ReadyRuns> _ready = new(StringComparer.Ordinal);
    private UsageLedger _usage = new(schedulingOptions.UsageHalfLife);
    private IReadOnlyList<Reservation> _reservations = [];
    private HashSet<string> _stopped = new(StringComparer.Ordinal);
    private long _lastSequence;
    private DateTimeOffset _nextResync = DateTimeOffset.MinValue;
    private int _backendCursor;

    /// <summary>Claims the run the policy puts first on some backend; null when nothing may run now. The decision is made
    /// under the gate and taken out of the queue there; the claim commits after the gate is released, so the claims of
    /// several workers (and the results waiting beside them) share one group commit of the store.</summary>
    public async Task<ClaimedRun?> NextAsync(string workerId, CancellationToken cancellationToken)
    {
        while (true)
        {
            (string Backend, QueuedRunInfo Run, bool InSession, DateTimeOffset At) chosen;
            await _gate.WaitAsync(cancellationToken);
            try
            {
                await RefreshAsync(cancellationToken);
                if (Choose() is not { } picked)
                {
                    return null;
                }

                chosen = picked;
                _claiming.TryAdd(chosen.Run.RunId, 0);
            }
            finally
            {
                _gate.Release();
            }

            ClaimedRun? claimed;
            try
            {
                claimed = await leases.ClaimAsync(chosen.Run.RunId, workerId, options.Lease, cancellationToken);
            }
            finally
            {
                _claiming.TryRemove(chosen.Run.RunId, out _);
            }

            if (claimed is not null)
            {
                QxmTelemetry.Dispatch.QueueWait.Record(Math.Max(0, (chosen.At - chosen.Run.EnqueuedAt).TotalSeconds),
                    new(QxmTelemetry.Labels.Backend, chosen.Backend), new(QxmTelemetry.Labels.Tenant, chosen.Run.Tenant));
                if (chosen.InSession && sessions is not null)
                {
                    await sessions.TouchSessionsAsync(chosen.Backend, chosen.Run.Tenant, chosen.At, cancellationToken);
                }

                return claimed;
            }

            // Claimed elsewhere or cancelled: it already left this process's view, but the usage charged for it here was
            // not spent; the next decision re-reads everything from the store.
            Invalidate();
        }
    }

    /// <summary>The run the policy puts first on some backend, taken out of the queue and charged to its tenant.</summary>
    private (string Backend, QueuedRunInfo Run, bool InSession, DateTimeOffset At)? Choose()
    {
        // A drained or held backend gets nothing new; its queued runs wait for the release. Neither does one whose
        // breaker just opened.
        var backends = _ready.Where(b => b.Value.Count > 0 && !_stopped.Contains(b.Key) && !paused(b.Key)).Select(b => b.Key).Order(StringComparer.Ordinal).ToArray();
        // Rotate the starting backend so one busy backend cannot keep workers from the others.
        for (var i = 0; i < backends.Length; i++)
        {
            var backend = backends[(_backendCursor + i) % backends.Length];
            var ready = _ready[backend];
            var now = time.GetUtcNow();
            var decision = policy.Decide(ready, _usage, weights, [.. _reservations.Where(r => r.Backend == backend)], now,
                [.. _sessions.Where(s => s.Backend == backend).Select(s => s.AsWindow(now))]);
            if (decision.Run is { } run)
            {
                _backendCursor = (_backendCursor + i + 1) % Math.Max(1, backends.Length);
                SchedulingPolicy.Dispatch(ready, _usage, run, now);
                return (backend, run, TouchSession(backend, run.Tenant, now), now);
            }
        }

        return null;
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>The predicted order of the queued runs, read fresh from the store (this dispatcher's live state is left
    /// alone), with estimated starts from the mean run time of recent dispatches.</summary>
    public async Task<IReadOnlyList<Api.QueueEntry>> ExplainAsync(string? backend, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var usage = await LoadUsageAsync(now, cancellationToken);

        var byBackend = new Dictionary<string, ReadyRuns>(StringComparer.Ordinal);
        foreach (var run in await leases.ListQueuedAsync(0, cancellationToken))
        {
            if (backend is null || run.Backend == backend)
            {
                if (!byBackend.TryGetValue(run.Backend, out var ready))
                {
                    ready = new ReadyRuns();
                    byBackend[run.Backend] = ready;
                }

                ready.Add(Info(run));
            }
        }

        var windows = await reservations.ListAsync(backend, now, cancellationToken);
        var held = sessions is null ? [] : await sessions.ListSessionsAsync(backend, now, cancellationToken);
        var runTime = await leases.MeanRunTimeAsync(now - TimeSpan.FromHours(1), cancellationToken) ?? TimeSpan.FromSeconds(1);
        var entries = new List<Api.QueueEntry>();
        foreach (var (name, ready) in byBackend.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            var order = policy.Explain(ready, usage, weights, [.. windows.Where(w => w.Backend == name)], now, runTime / options.Workers,
                sessions: [.. held.Where(s => s.Backend == name).Select(s => s.AsWindow(now))]);
            for (var i = 0; i < order.Count; i++)
            {
                var run = order[i].Run!.Value;
                var start = order[i].At ?? now + runTime * (i / (double)options.Workers);
                entries.Add(new Api.QueueEntry(i + 1, run.RunId, run.Tenant, run.Priority.ToString().ToLowerInvariant(), name, start, order[i].Reason));
            }
        }

        return entries;
    }

    /// <summary>The tenants with what they have queued and their decayed recent usage, read fresh from the store.</summary>
    public async Task<IReadOnlyList<Api.TenantStatus>> TenantsAsync(IEnumerable<Domain.Tenancy.Tenant> tenants, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var usage = await LoadUsageAsync(now, cancellationToken);

        var queued = (await leases.ListQueuedAsync(0, cancellationToken)).CountBy(r => r.Tenant).ToDictionary(StringComparer.Ordinal);
        return [.. tenants.OrderBy(t => t.Id, StringComparer.Ordinal)
            .Select(t => new Api.TenantStatus(t, queued.GetValueOrDefault(t.Id), usage.Usage(t.Id, now)))];
    }

    /// <summary>Forces a full re-read at the next decision (after runs were requeued).</summary>
    public void Invalidate() => _nextResync = DateTimeOffset.MinValue;

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now >= _nextResync)
        {
            _ready.Clear();
            _lastSequence = 0;
            _usage = await LoadUsageAsync(now, cancellationToken);
            _reservations = await reservations.ListAsync(null, now, cancellationToken);
            _sessions = sessions is null ? [] : [.. await sessions.ListSessionsAsync(null, now, cancellationToken)];
            _stopped = (await controls.ListAsync(cancellationToken)).Select(c => c.Backend).ToHashSet(StringComparer.Ordinal);
            _nextResync = now + options.IdlePoll;
        }

        foreach (var run in await leases.ListQueuedAsync(_lastSequence, cancellationToken))
        {
            // A run whose claim is committing right now is still Queued in the store, but not to be decided on again;
            // nor one this process still executes. The next full re-read offers it again.
            if (_claiming.ContainsKey(run.RunId) || Executing?.Invoke(run.RunId) == true)
            {
                _lastSequence = Math.Max(_lastSequence, run.Sequence);
                continue;
            }

            if (!_ready.TryGetValue(run.Backend, out var ready))
            {
                ready = new ReadyRuns();
                _ready[run.Backend] = ready;
            }

            ready.Add(Info(run));
            _lastSequence = Math.Max(_lastSequence, run.Sequence);
        }
    }

    /// <summary>A run of a session's holder dispatched to its backend is activity: the session stays clear of its idle
    /// limit. True when the store must hear of it too.</summary>
    private bool TouchSession(string backend, string tenant, DateTimeOffset now)
    {
        var held = _sessions.FindIndex(s => s.Backend == backend && s.Tenant == tenant && s.IsActiveAt(now));
        if (held < 0)
        {
            return false;
        }

        _sessions[held] = _sessions[held] with { LastActivityAt = now };
        return true;
    }

    private static QueuedRunInfo Info(QueuedRun run) =>
        new(run.RunId, run.Tenant, ParsePriority(run.Priority), run.QueuedAt, run.Sequence, run.Cost);

    private static PriorityClass ParsePriority(string priority) => priority switch
    {
        "high" => PriorityClass.High,
        "low" => PriorityClass.Low,
        _ => PriorityClass.Normal,
    };

    /// <summary>Every tenant's decayed usage, rebuilt from the dispatch history all instances share.</summary>
    private async Task<UsageLedger> LoadUsageAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var usage = new UsageLedger(schedulingOptions.UsageHalfLife);

        // Older dispatches weigh less than 1/1000 of a new one: leave them out.
        foreach (var dispatch in await leases.ListDispatchesAsync(now - schedulingOptions.UsageHalfLife * 10, cancellationToken))
        {
            usage.Record(dispatch.Tenant, dispatch.Cost, dispatch.At);
        }

        // A session's hold is charged for its whole length (to its end, or to now while it lasts): others waited throughout.
        if (sessions is not null)
        {
            foreach (var session in await sessions.ListSessionsAsync(null, now - schedulingOptions.UsageHalfLife * 10, cancellationToken))
            {
                var end = session.EndedAt(now) ?? now;
                var charge = Math.Max(0, (end - session.OpenedAt).TotalSeconds) * schedulingOptions.SessionShotsPerSecond;
                // Charged as of now, decayed from its end, so the ledger's entries stay in time order.
                usage.Record(session.Tenant, charge * Math.Pow(2, -(now - end).TotalSeconds / schedulingOptions.UsageHalfLife.TotalSeconds), now);
            }
        }

        return usage;
    }
}
