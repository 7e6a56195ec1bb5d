using Qxm.Domain.Audit;

namespace Qxm.Engine.Persistence;

/// <summary>Appends administrative and security actions (reservations, tenants, keys, denied access) to the audit chain.
/// Run state changes need no call: the store records each in the transaction that makes it.</summary>
public interface IAuditTrail
{
    /// <summary>Records <paramref name="entry"/> at the chain's next position, timed by the store's clock; returns the stored event.</summary>
    Task<AuditEvent> AppendAsync(AuditEntry entry, CancellationToken cancellationToken);
}
