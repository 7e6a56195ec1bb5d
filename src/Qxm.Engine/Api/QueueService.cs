using Qxm.Backends.Registry;
using Qxm.Domain.Backends;
using Qxm.Domain.Errors;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Dispatch;
using Qxm.Engine.Persistence;
using Qxm.Engine.Tenancy;

namespace Qxm.Engine.Api;

internal sealed class QueueService(
    Dispatcher dispatcher,
    IReservationStore reservations,
    IBackendControls controls,
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

    public async Task<ReservationUsage?> GetReservationUsageAsync(string reservationId, CancellationToken cancellationToken)
    {
        var reservation = (await reservations.ListAsync(null, DateTimeOffset.MinValue, cancellationToken)).FirstOrDefault(r => r.Id == reservationId);
        if (reservation is null)
        {
            return null;
        }

        // A window still running is measured up to now: the rest may yet be used.
        var until = reservation.End < time.GetUtcNow() ? reservation.End : time.GetUtcNow();
        var window = until > reservation.Start ? until - reservation.Start : TimeSpan.Zero;
        var intervals = await reservations.ExecutionIntervalsAsync(reservation.Backend, reservation.Tenant, reservation.Start, until, cancellationToken);
        return new ReservationUsage(reservation, window.TotalSeconds, Union(intervals).TotalSeconds);
    }

    public async Task<bool> CancelReservationAsync(string reservationId, CancellationToken cancellationToken)
    {
        var cancelled = await reservations.CancelAsync(reservationId, cancellationToken);
        dispatcher.Invalidate();
        return cancelled;
    }

    /// <summary>The length of the union of sorted intervals: runs executing side by side use the backend once.</summary>
    private static TimeSpan Union(IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> intervals)
    {
        var total = TimeSpan.Zero;
        DateTimeOffset? openStart = null;
        var openEnd = DateTimeOffset.MinValue;
        foreach (var (start, end) in intervals.OrderBy(i => i.Start))
        {
            if (openStart is null || start > openEnd)
            {
                if (openStart is { } s)
                {
                    total += openEnd - s;
                }

                openStart = start;
                openEnd = end;
            }
            else if (end > openEnd)
            {
                openEnd = end;
            }
        }

        return openStart is { } last ? total + (openEnd - last) : total;
    }

    public async Task<BackendControl?> ControlBackendAsync(string backend, BackendControlMode mode, string reason, string actor, CancellationToken cancellationToken)
    {
        if (!backends.TryGet(backend, out _))
        {
            return null;
        }

        // The store keeps milliseconds: answer with what a later read will show.
        var control = new BackendControl(backend, mode, reason, actor, DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds()));
        await controls.SetAsync(control, cancellationToken);
        dispatcher.Invalidate();
        return control;
    }

    public async Task<bool> ReleaseBackendAsync(string backend, CancellationToken cancellationToken)
    {
        if (!backends.TryGet(backend, out _))
        {
            return false;
        }

        await controls.ClearAsync(backend, cancellationToken);
        dispatcher.Invalidate();
        return true;
    }
}
