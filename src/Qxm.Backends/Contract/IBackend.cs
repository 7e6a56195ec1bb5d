using Qxm.Domain.Backends;

namespace Qxm.Backends.Contract;

/// <summary>A quantum backend: a simulator, a fake device or a vendor's device behind an adapter, in-process or remote
/// alike (<see cref="BackendInfo.Execution"/> says which). Failures surface as <see cref="BackendException"/> with a
/// classified kind. Every built-in backend passes the contract suite in tests/Qxm.Engine.Tests/Backends.</summary>
public interface IBackend
{
    /// <summary>What the backend is and what it can run: limits in its <see cref="Target"/>, its declared rate limit.</summary>
    BackendInfo Info { get; }

    /// <summary>Hands the job to the backend under the caller's idempotency key and returns the backend's job id.
    /// The key names the job for <see cref="FindJobAsync"/> when the answer to this call is lost.</summary>
    Task<string> SubmitAsync(BackendJob job, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>The job the backend accepted under the key, or null when it accepted none.</summary>
    Task<string?> FindJobAsync(string idempotencyKey, CancellationToken cancellationToken);

    Task<BackendJobState> GetStatusAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>The result of a finished job; an in-process backend waits for the job to finish.</summary>
    Task<BackendJobResult> GetResultAsync(string jobId, CancellationToken cancellationToken);

    Task CancelAsync(string jobId, CancellationToken cancellationToken);
}
