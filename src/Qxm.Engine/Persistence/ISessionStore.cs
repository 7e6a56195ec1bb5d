using Qxm.Domain.Tenancy;

namespace Qxm.Engine.Persistence;

/// <summary>Backend sessions. At most one session holds a backend at a time: the store checks it in the transaction that opens one.</summary>
public interface ISessionStore
{
    /// <summary>Stores the session unless another, still active at its opening, holds the backend; that one is returned instead.</summary>
    Task<Session?> TryOpenSessionAsync(Session session, CancellationToken cancellationToken);

    Task<Session?> GetSessionAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Sessions of a backend (all when null) that had not ended by <paramref name="after"/>, ended ones included
    /// if they ended after it, oldest first.</summary>
    Task<IReadOnlyList<Session>> ListSessionsAsync(string? backend, DateTimeOffset after, CancellationToken cancellationToken);

    /// <summary>Marks activity in the tenant's open sessions on the backend (a run dispatched), keeping them from going idle.</summary>
    Task TouchSessionsAsync(string backend, string tenant, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Closes an open session; false when it was already closed.</summary>
    Task<bool> CloseSessionAsync(string sessionId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Records the vendor's session held for the session (<paramref name="closedAt"/> null: still open), or that
    /// it was closed; false when the session is unknown.</summary>
    Task<bool> SetVendorSessionAsync(string sessionId, string vendorSession, DateTimeOffset? closedAt, CancellationToken cancellationToken);
}
