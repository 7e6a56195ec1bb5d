using Qxm.Engine.Diagnostics;

namespace Qxm.Engine.Persistence;

/// <summary>Aggregates the telemetry reads from the store: the queue now, and the runs that ended in a window.</summary>
public interface ITelemetryStore
{
    /// <summary>Queued runs per backend and tenant with the oldest one's queueing time.</summary>
    Task<QueueSample> SampleQueueAsync(CancellationToken cancellationToken);

    /// <summary>Runs that reached Succeeded, Failed or Cancelled at or after <paramref name="since"/>, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<FinishedRunRecord>> ListFinishedAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken);

    /// <summary>Reservations overlapping [<paramref name="since"/>, <paramref name="until"/>), drift events detected and
    /// access refusals audited in it.</summary>
    Task<SliWindowFacts> ReadWindowFactsAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken);
}
