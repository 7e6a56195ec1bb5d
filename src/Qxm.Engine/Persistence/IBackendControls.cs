using Qxm.Domain.Backends;

namespace Qxm.Engine.Persistence;

/// <summary>Operators' drains and holds on backends, shared by every instance.</summary>
public interface IBackendControls
{
    Task SetAsync(BackendControl control, CancellationToken cancellationToken);

    /// <summary>Releases the backend; false when it had no drain or hold.</summary>
    Task<bool> ClearAsync(string backend, CancellationToken cancellationToken);

    Task<IReadOnlyList<BackendControl>> ListAsync(CancellationToken cancellationToken);
}
