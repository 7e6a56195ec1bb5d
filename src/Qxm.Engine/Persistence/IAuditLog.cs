using Qxm.Domain.Audit;

namespace Qxm.Engine.Persistence;

/// <summary>Reads the stored audit chain: filtered for people, in position order for verification.</summary>
public interface IAuditLog
{
    /// <summary>The latest events matching <paramref name="query"/>, oldest first.</summary>
    Task<IReadOnlyList<AuditEvent>> ListAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>Every event about objects of <paramref name="objectType"/> (tenants, keys...), in position order; read by
    /// the object index, so it costs what those objects' events are, not the chain's length.</summary>
    Task<IReadOnlyList<AuditEvent>> ListByObjectTypeAsync(string objectType, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> stored events after <paramref name="afterPosition"/> in position order, as
    /// stored (whatever was done to them).</summary>
    Task<IReadOnlyList<AuditEvent>> ReadChainAsync(long afterPosition, int limit, CancellationToken cancellationToken);

    /// <summary>The event at the highest position; null when the chain is empty.</summary>
    Task<AuditEvent?> GetHeadAsync(CancellationToken cancellationToken);
}
