using Qxm.Domain.Backends;
using Qxm.Domain.Tenancy;

namespace Qxm.Engine.Api;

/// <summary>The scheduler's side of qxm: where queued runs stand and why, and backend reservations.</summary>
public interface IQueueService
{
    /// <summary>The predicted dispatch order of queued runs (of one backend, or all), with the reason for each place.</summary>
    Task<IReadOnlyList<QueueEntry>> GetQueueAsync(string? backend, CancellationToken cancellationToken);

    /// <summary>Every tenant with its limits, queued runs and recent usage.</summary>
    Task<IReadOnlyList<TenantStatus>> ListTenantsAsync(CancellationToken cancellationToken);

    Task<ReservationOutcome> ReserveAsync(ReservationRequest request, CancellationToken cancellationToken);

    Task<IReadOnlyList<Reservation>> ListReservationsAsync(string? backend, CancellationToken cancellationToken);

    /// <summary>How much of a reservation (live or ended, not cancelled) its holder used; null when there is none with that id.</summary>
    Task<ReservationUsage?> GetReservationUsageAsync(string reservationId, CancellationToken cancellationToken);

    /// <summary>False when no live reservation has that id.</summary>
    Task<bool> CancelReservationAsync(string reservationId, CancellationToken cancellationToken);

    /// <summary>Drains or holds a backend: no new run is dispatched to it until it is released. Null when no backend has
    /// that id.</summary>
    Task<BackendControl?> ControlBackendAsync(string backend, BackendControlMode mode, string reason, string actor, CancellationToken cancellationToken);

    /// <summary>Lifts a drain or hold (nothing to do when there is none); false when no backend has that id.</summary>
    Task<bool> ReleaseBackendAsync(string backend, CancellationToken cancellationToken);
}
