using Qxm.Domain.Tenancy;

namespace Qxm.Engine.Api;

/// <summary>How much of a reservation its holder used: the time the holder had runs executing on the backend within the
/// window (overlapping runs counted once). Unused reserved time is what the utilization SLI counts against it.</summary>
public sealed record ReservationUsage(Reservation Reservation, double WindowSeconds, double UsedSeconds)
{
    public double UnusedSeconds => Math.Max(0, WindowSeconds - UsedSeconds);

    public double Utilization => WindowSeconds > 0 ? UsedSeconds / WindowSeconds : 0;
}
