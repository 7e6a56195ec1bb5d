using Qxm.Domain.Runs;

namespace Qxm.Engine.Persistence;

/// <summary>Runs' jobs on backends and every call made for them: what makes dispatch exactly-once across crashes.</summary>
public interface IBackendJobs
{
    /// <summary>Stores the run's idempotency key for the backend unless one is stored; returns the stored record.</summary>
    Task<BackendJobRecord> BeginAsync(string runId, string backend, string idempotencyKey, CancellationToken cancellationToken);

    Task RecordJobIdAsync(string runId, string backend, string jobId, CancellationToken cancellationToken);

    Task<BackendJobRecord?> GetJobAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Appends one call to the run's record; the store numbers it.</summary>
    Task RecordAttemptAsync(string runId, BackendAttempt attempt, CancellationToken cancellationToken);

    Task<IReadOnlyList<BackendAttempt>> ListAttemptsAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Moves the run's lease from the worker that claimed it to <paramref name="owner"/> (the process's remote
    /// job follower); false when the worker no longer holds it.</summary>
    Task<bool> HandOverAsync(string runId, string workerId, string owner, CancellationToken cancellationToken);

    /// <summary>Renews every running run's lease held by <paramref name="owner"/>, in one statement; the count renewed.</summary>
    Task<int> RenewAllAsync(string owner, TimeSpan lease, CancellationToken cancellationToken);
}
