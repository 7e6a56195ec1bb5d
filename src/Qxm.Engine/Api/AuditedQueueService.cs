using System.Globalization;
using Qxm.Domain.Audit;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Api;

/// <summary>Records reservations made and cancelled in the audit trail, as <paramref name="actor"/> acting for
/// <paramref name="principal"/>; everything else passes through. The API and the CLI wrap their queue service in one.</summary>
public sealed class AuditedQueueService(IQueueService inner, IAuditTrail audit, string actor, string? principal) : IQueueService
{
    public Task<IReadOnlyList<QueueEntry>> GetQueueAsync(string? backend, CancellationToken cancellationToken) =>
        inner.GetQueueAsync(backend, cancellationToken);

    public Task<IReadOnlyList<TenantStatus>> ListTenantsAsync(CancellationToken cancellationToken) => inner.ListTenantsAsync(cancellationToken);

    public async Task<ReservationOutcome> ReserveAsync(ReservationRequest request, CancellationToken cancellationToken)
    {
        var outcome = await inner.ReserveAsync(request, cancellationToken);
        if (outcome.Reservation is { } reservation)
        {
            await audit.AppendAsync(Entry(reservation, "reservation.created"), cancellationToken);
        }

        return outcome;
    }

    public Task<IReadOnlyList<Reservation>> ListReservationsAsync(string? backend, CancellationToken cancellationToken) =>
        inner.ListReservationsAsync(backend, cancellationToken);

    public Task<ReservationUsage?> GetReservationUsageAsync(string reservationId, CancellationToken cancellationToken) =>
        inner.GetReservationUsageAsync(reservationId, cancellationToken);

    public async Task<bool> CancelReservationAsync(string reservationId, CancellationToken cancellationToken)
    {
        // Read first: the event names the window's tenant and backend, which the cancelled row no longer lists.
        var reservation = (await inner.GetReservationUsageAsync(reservationId, cancellationToken))?.Reservation;
        if (!await inner.CancelReservationAsync(reservationId, cancellationToken))
        {
            return false;
        }

        await audit.AppendAsync(
            reservation is null
                ? new AuditEntry(actor, principal, null, "reservation.cancelled", "reservation", reservationId)
                : Entry(reservation, "reservation.cancelled"),
            cancellationToken);
        return true;
    }

    private AuditEntry Entry(Reservation reservation, string action) =>
        new(actor, principal, reservation.Tenant, action, "reservation", reservation.Id,
            Detail: string.Create(CultureInfo.InvariantCulture, $"{reservation.Backend} from {reservation.Start:O} to {reservation.End:O}"));
}
