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

    /// <summary>The intervals during which <paramref name="tenant"/>'s runs were executing on <paramref name="backend"/>,
    /// clipped to [windowStart, windowEnd); a run still executing counts until <paramref name="windowEnd"/>.</summary>
    Task<IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)>> ExecutionIntervalsAsync(
        string backend, string tenant, DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken);
}
