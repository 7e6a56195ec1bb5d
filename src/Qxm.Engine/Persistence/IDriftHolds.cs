using Qxm.Domain.Calibration;

namespace Qxm.Engine.Persistence;

/// <summary>Runs' drift policies (stored with the run) and the holds that keep <see cref="DriftPolicy.Hold"/> runs out of
/// their backend's queue while it drifts. A held run stays Queued; dispatchers do not see it until it is released.</summary>
public interface IDriftHolds
{
    /// <summary>Holds every queued run on the backend whose policy is hold and that is not held already; how many.</summary>
    Task<int> HoldQueuedAsync(string backend, string reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Holds one run (one that reached dispatch before the backend's runs were held).</summary>
    Task HoldAsync(string runId, string backend, string reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Releases the backend's held runs (all of them, one tenant's, or one run); how many. <paramref name="actor"/> is
    /// kept with each.</summary>
    Task<int> ReleaseAsync(string backend, string? runId, string? tenant, string actor, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The run's policy and its hold: current (<see cref="RunDriftState.Hold"/>) or released.</summary>
    Task<RunDriftState> GetStateAsync(string runId, CancellationToken cancellationToken);

    /// <summary>How many of the backend's runs are held now.</summary>
    Task<int> CountHeldAsync(string backend, CancellationToken cancellationToken);
}
