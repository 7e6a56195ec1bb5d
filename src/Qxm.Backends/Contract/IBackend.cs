using Qxm.Domain.Backends;

namespace Qxm.Backends.Contract;

/// <summary>A quantum backend: a simulator, a fake device or a vendor's device behind an adapter.
/// Failures surface as <see cref="BackendException"/> with a classified kind.</summary>
public interface IBackend
{
    BackendInfo Info { get; }

    /// <summary>Hands the job to the backend and returns its provider job id.</summary>
    Task<string> SubmitAsync(BackendJob job, CancellationToken cancellationToken);

    Task<BackendJobStatus> GetStatusAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Waits until the job has finished and returns its result.</summary>
    Task<BackendJobResult> GetResultAsync(string jobId, CancellationToken cancellationToken);

    Task CancelAsync(string jobId, CancellationToken cancellationToken);
}
