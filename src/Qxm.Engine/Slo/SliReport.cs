namespace Qxm.Engine.Slo;

/// <summary>The SLIs over one window, for the whole installation (tenant and backend <c>*</c>) and per tenant and backend,
/// with the SLIs not computed yet and why.</summary>
public sealed record SliReport(
    string Window, DateTimeOffset Since, DateTimeOffset Until, IReadOnlyList<SliGroup> Groups, IReadOnlyList<PendingSli> Pending, bool Truncated);

/// <summary>One tenant on one backend (or <c>*</c> for all). Rates are fractions (0..1); latencies in seconds; null
/// where no run in the window says anything.</summary>
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
    double? SchedulerErrorRate);

public sealed record LatencyPercentiles(double P50, double P90, double P99, double Max);

/// <summary>An SLI the issue names that needs data qxm does not record yet.</summary>
public sealed record PendingSli(string Name, string Reason);
