using Qxm.Domain.Security;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Api;

namespace Qxm.Engine.Security;

/// <summary>One caller's view of the queue service: the queue shows other tenants' places without their run ids or
/// tenants, tenants lists only the caller's own (every tenant for an admin), reservations are made for the acting tenant
/// only, and another tenant's reservation is "not found".</summary>
public sealed class AuthorizedQueueService(IQueueService inner, Caller caller, IAccessAudit audit, TimeProvider time) : IQueueService
{
    public async Task<IReadOnlyList<QueueEntry>> GetQueueAsync(string? backend, CancellationToken cancellationToken)
    {
        Require(Permission.Read, "queue.get");
        var entries = await inner.GetQueueAsync(backend, cancellationToken);
        return [.. entries.Select(e => string.Equals(e.Tenant, caller.Tenant, StringComparison.Ordinal) ? e : e.Redacted())];
    }

    public async Task<IReadOnlyList<TenantStatus>> ListTenantsAsync(CancellationToken cancellationToken)
    {
        Require(Permission.Read, "tenants.list");
        var tenants = await inner.ListTenantsAsync(cancellationToken);
        return caller.Principal.Holds(Permission.ManageTenants) ? tenants : [.. tenants.Where(t => caller.Principal.BelongsTo(t.Tenant.Id))];
    }

    public Task<ReservationOutcome> ReserveAsync(ReservationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Require(Permission.Reserve, "reservations.create");

        // A request that names a tenant names the acting one, or it is an attempt to reserve for someone else.
        if (!string.IsNullOrEmpty(request.Tenant) && !string.Equals(request.Tenant, caller.Tenant, StringComparison.Ordinal))
        {
            Report(AccessEventKind.Denied, "reservations.create", request.Tenant, "a reservation is made for the acting tenant only");
            throw new AccessDeniedException($"{caller.Name} acts for tenant '{caller.Tenant}' and may not reserve for '{request.Tenant}'");
        }

        return inner.ReserveAsync(request with { Tenant = caller.Tenant }, cancellationToken);
    }

    public async Task<IReadOnlyList<Reservation>> ListReservationsAsync(string? backend, CancellationToken cancellationToken)
    {
        Require(Permission.Read, "reservations.list");
        return [.. (await inner.ListReservationsAsync(backend, cancellationToken)).Where(r => string.Equals(r.Tenant, caller.Tenant, StringComparison.Ordinal))];
    }

    public async Task<ReservationUsage?> GetReservationUsageAsync(string reservationId, CancellationToken cancellationToken)
    {
        Require(Permission.Read, "reservations.usage");
        var usage = await inner.GetReservationUsageAsync(reservationId, cancellationToken);
        if (usage is not null && AccessPolicy.Decide(caller, Permission.Read, usage.Reservation.Tenant) == AccessDecision.Hide)
        {
            Report(AccessEventKind.Hidden, "reservations.usage", reservationId, "the reservation belongs to another tenant");
            return null;
        }

        return usage;
    }

    public async Task<bool> CancelReservationAsync(string reservationId, CancellationToken cancellationToken)
    {
        Require(Permission.Reserve, "reservations.cancel");
        var live = (await inner.ListReservationsAsync(null, cancellationToken)).FirstOrDefault(r => string.Equals(r.Id, reservationId, StringComparison.Ordinal));
        if (live is null)
        {
            return false;
        }

        if (AccessPolicy.Decide(caller, Permission.Reserve, live.Tenant) == AccessDecision.Hide)
        {
            Report(AccessEventKind.Hidden, "reservations.cancel", reservationId, "the reservation belongs to another tenant");
            return false;
        }

        return await inner.CancelReservationAsync(reservationId, cancellationToken);
    }

    private void Require(Permission permission, string action)
    {
        if (AccessPolicy.Decide(caller, permission) != AccessDecision.Allow)
        {
            Report(AccessEventKind.Denied, action, null, $"role {caller.Principal.Role} lacks {permission}");
            throw new AccessDeniedException($"{caller.Name} ({caller.Principal.Role}) may not {action}");
        }
    }

    private void Report(AccessEventKind kind, string action, string? target, string reason) =>
        audit.Record(new AccessEvent(kind, action, caller.Name, caller.Tenant, target, reason, time.GetUtcNow()));
}
