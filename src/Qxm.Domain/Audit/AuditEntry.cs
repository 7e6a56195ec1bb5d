namespace Qxm.Domain.Audit;

/// <summary>What a caller records: who did what to which object, and how it ended. The trail adds the position, the
/// time and the hashes.</summary>
/// <param name="Actor">The component or client that acted: <c>cli</c>, <c>api</c>, a worker id, <c>lease-expiry</c>.</param>
/// <param name="Principal">The authenticated identity behind the actor (an API key's principal); null where none is known.</param>
/// <param name="Tenant">The tenant the object belongs to; null for actions outside any tenant.</param>
/// <param name="Action">Dotted and lowercase, object kind first: <c>run.queued</c>, <c>reservation.created</c>, <c>key.revoked</c>.</param>
/// <param name="ObjectType">The kind of object acted on: <c>run</c>, <c>reservation</c>, <c>key</c>, <c>tenant</c>.</param>
/// <param name="ObjectId">The object's id.</param>
/// <param name="Detail">One line for people (a transition's states and reason, a window, why access was denied).</param>
public sealed record AuditEntry(
    string Actor,
    string? Principal,
    string? Tenant,
    string Action,
    string ObjectType,
    string ObjectId,
    AuditOutcome Outcome = AuditOutcome.Succeeded,
    string? Detail = null);
