using Qxm.Domain.Tenancy;

namespace Qxm.Engine.Persistence;

/// <summary>Backend reservations. Windows of one backend never overlap: the store enforces it transactionally.</summary>
public interface IReservationStore
{
    /// <summary>Stores the reservation unless it overlaps a live one on the same backend; false when it does.</summary>
    Task<bool> TryCreateAsync(Reservation reservation, CancellationToken cancellationToken);

    /// <summary>Live (not cancelled) reservations of a backend (all backends when null) that end after <paramref name="after"/>.</summary>
    Task<IReadOnlyList<Reservation>> ListAsync(string? backend, DateTimeOffset after, CancellationToken cancellationToken);

    Task<bool> CancelAsync(string reservationId, CancellationToken cancellationToken);
}
