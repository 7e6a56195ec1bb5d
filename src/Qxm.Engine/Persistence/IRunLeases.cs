namespace Qxm.Engine.Persistence;

/// <summary>The queued runs as workers see them: claims under leases.</summary>
public interface IRunLeases
{
    /// <summary>Atomically moves the next queued run to Running under a lease owned by <paramref name="workerId"/>,
    /// counting an attempt; null when nothing is queued.</summary>
    Task<ClaimedRun?> ClaimNextAsync(string workerId, TimeSpan lease, CancellationToken cancellationToken);

    Task<bool> RenewLeaseAsync(string runId, string workerId, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Returns runs whose lease has expired (their worker died) to the queue; the count requeued.</summary>
    Task<int> RequeueExpiredAsync(CancellationToken cancellationToken);
}
