using Qxm.Backends.Registry;
using Qxm.Domain.Errors;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Dispatch;
using Qxm.Engine.Persistence;
using Qxm.Engine.Tenancy;

namespace Qxm.Engine.Api;

internal sealed class QueueService(
    Dispatcher dispatcher,
    IReservationStore reservations,
    IBackendRegistry backends,
    TenantCatalog tenants,
    TimeProvider time) : IQueueService
{
    /// <summary>Reservations are for planned sessions, not standing claims: at most a week each.</summary>
    private static readonly TimeSpan MaxReservation = TimeSpan.FromDays(7);

    public Task<IReadOnlyList<QueueEntry>> GetQueueAsync(string? backend, CancellationToken cancellationToken) =>
        dispatcher.ExplainAsync(backend, cancellationToken);

    public Task<IReadOnlyList<TenantStatus>> ListTenantsAsync(CancellationToken cancellationToken) =>
        dispatcher.TenantsAsync(tenants.All, cancellationToken);

    public async Task<ReservationOutcome> ReserveAsync(ReservationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<Diagnostic>();
        if (!backends.TryGet(request.Backend, out _))
        {
            problems.Add(new Diagnostic("reservation.unknown-backend", $"unknown backend '{request.Backend}'", Path: "backend"));
        }

        if (!tenants.TryGet(request.Tenant, out _))
        {
            problems.Add(new Diagnostic("reservation.unknown-tenant", $"unknown tenant '{request.Tenant}'", Path: "tenant"));
        }

        if (request.End <= request.Start)
        {
            problems.Add(new Diagnostic("reservation.window", "the window must end after it starts", Path: "end"));
        }
        else if (request.End - request.Start > MaxReservation)
        {
            problems.Add(new Diagnostic("reservation.window", $"a reservation lasts at most {MaxReservation.TotalDays:0} days", Path: "end"));
        }

        if (request.End <= time.GetUtcNow())
        {
            problems.Add(new Diagnostic("reservation.window", "the window has already ended", Path: "end"));
        }

        if (problems.Count > 0)
        {
            return new ReservationOutcome(null, problems);
        }

        var reservation = new Reservation("res-" + Guid.CreateVersion7(time.GetUtcNow()).ToString("N"), request.Backend, request.Tenant, request.Start, request.End);
        if (!await reservations.TryCreateAsync(reservation, cancellationToken))
        {
            return new ReservationOutcome(null,
                [new Diagnostic("reservation.overlap", $"backend '{request.Backend}' is already reserved during part of that window")], Conflict: true);
        }

        dispatcher.Invalidate();
        return new ReservationOutcome(reservation, []);
    }

    public Task<IReadOnlyList<Reservation>> ListReservationsAsync(string? backend, CancellationToken cancellationToken) =>
        reservations.ListAsync(backend, time.GetUtcNow(), cancellationToken);

    public async Task<bool> CancelReservationAsync(string reservationId, CancellationToken cancellationToken)
    {
        var cancelled = await reservations.CancelAsync(reservationId, cancellationToken);
        dispatcher.Invalidate();
        return cancelled;
    }
}
