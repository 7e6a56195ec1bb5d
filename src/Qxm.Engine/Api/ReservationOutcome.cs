using Qxm.Domain.Errors;
using Qxm.Domain.Tenancy;

namespace Qxm.Engine.Api;

/// <summary>The stored reservation, or why not: <paramref name="Conflict"/> when the window overlaps another on the
/// backend, otherwise the diagnostics of an invalid request.</summary>
public sealed record ReservationOutcome(Reservation? Reservation, IReadOnlyList<Diagnostic> Diagnostics, bool Conflict = false);
