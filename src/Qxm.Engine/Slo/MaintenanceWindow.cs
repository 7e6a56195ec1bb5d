namespace Qxm.Engine.Slo;

/// <summary>A backend's declared maintenance: its SLO alerts are suppressed from <paramref name="Start"/> to <paramref name="End"/>.</summary>
public sealed record MaintenanceWindow(string Backend, DateTimeOffset Start, DateTimeOffset End);
