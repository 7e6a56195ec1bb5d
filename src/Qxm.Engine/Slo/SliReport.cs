namespace Qxm.Engine.Slo;

/// <summary>The SLIs over one window, for the whole installation (tenant and backend <c>*</c>) and per tenant and backend,
/// with the SLIs not computed yet and why.</summary>
public sealed record SliReport(
    string Window, DateTimeOffset Since, DateTimeOffset Until, IReadOnlyList<SliGroup> Groups, IReadOnlyList<PendingSli> Pending, bool Truncated);

/// <summary>One tenant on one backend (or <c>*</c> for all). Rates are fractions (0..1); latencies in seconds; null
/// where no run in the window says anything.</summary>
/// <param name="RetryRate">Of the runs dispatched, the fraction with at least one failed backend call (retried, or
/// ending the run).</param>
/// <param name="Utilisation">How busy the backend was with the group's runs, inside and outside reservations.</param>
/// <param name="DriftEventsPerDay">Drift events detected on the group's backend (all backends for <c>*</c>) per day of
/// the window.</param>
/// <param name="DeniedPerHour">Requests of the group's tenant (everyone's for <c>*</c>, callers without a key included)
/// refused per hour of the window.</param>
/// <param name="CostPerExperiment">Mean price of the group's executed runs (shots times sweep points times the backend's
/// price per shot), in the installation's currency units; null when no run executed or the backend has no price.</param>
public sealed record SliGroup(
    string Tenant,
    string Backend,
    int Finished,
    int Succeeded,
    int Failed,
    int Cancelled,
    double? SuccessRate,
    LatencyPercentiles? EndToEnd,
    LatencyPercentiles? QueueWait,
    LatencyPercentiles? Ingestion,
    double? TelemetryCompleteness,
    double? SchedulerErrorRate,
    double? RetryRate = null,
    DeviceUtilisation? Utilisation = null,
    double? DriftEventsPerDay = null,
    double? DeniedPerHour = null,
    decimal? CostPerExperiment = null)
{
    /// <summary>Of the group's reruns compared in the window, the fraction identical or consistent with their original;
    /// null when none was compared.</summary>
    public double? ReproduceRate { get; init; }
}

public sealed record LatencyPercentiles(double P50, double P90, double P99, double Max);

/// <summary>Executing time of runs over the time available: <see cref="Reserved"/> over the reservations (the group's
/// tenant's on its backend), <see cref="Unreserved"/> over the rest of the window; null where there was no such time.</summary>
public sealed record DeviceUtilisation(
    double BusySeconds, double ReservedSeconds, double ReservedBusySeconds, double UnreservedBusySeconds, double? Reserved, double? Unreserved);

/// <summary>An SLI the issue names that needs data qxm does not record yet.</summary>
public sealed record PendingSli(string Name, string Reason);
