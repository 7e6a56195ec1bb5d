namespace Qxm.Engine.Persistence;

/// <summary>The queued runs as dispatchers see them: what waits, what was dispatched, and claims under leases.</summary>
public interface IRunLeases
{
    /// <summary>Queued runs with a sequence number above <paramref name="afterSequence"/>, in sequence order.</summary>
    Task<IReadOnlyList<QueuedRun>> ListQueuedAsync(long afterSequence, CancellationToken cancellationToken);

    /// <summary>Dispatches (Queued → Running) since a time, for rebuilding fair-share usage.</summary>
    Task<IReadOnlyList<DispatchRecord>> ListDispatchesAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>The mean time from dispatch to success of runs that succeeded since a time; null when none did.</summary>
    Task<TimeSpan?> MeanRunTimeAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Atomically moves the run from Queued to Running under a lease owned by <paramref name="workerId"/>,
    /// counting an attempt; null when it is no longer queued (claimed elsewhere, cancelled) or is being claimed right now.</summary>
    Task<ClaimedRun?> ClaimAsync(string runId, string workerId, TimeSpan lease, CancellationToken cancellationToken);

    Task<bool> RenewLeaseAsync(string runId, string workerId, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Returns runs whose lease has expired (their worker died) to the queue; the count requeued.</summary>
    Task<int> RequeueExpiredAsync(CancellationToken cancellationToken);
}
