using Qxm.Domain.Calibration;

namespace Qxm.Engine.Persistence;

/// <summary>Drift events per backend: recorded once each, active until a later snapshot shows no drift.</summary>
public interface IDriftStore
{
    /// <summary>Stores the events whose ids are new; events already recorded (by another instance replaying the same
    /// series) are left as they are.</summary>
    Task RecordEventsAsync(IReadOnlyList<DriftEvent> events, CancellationToken cancellationToken);

    /// <summary>A backend's events detected at or after <paramref name="since"/>, oldest first; only unresolved ones when
    /// <paramref name="activeOnly"/>.</summary>
    Task<IReadOnlyList<DriftEvent>> ListEventsAsync(string backend, DateTimeOffset since, bool activeOnly, CancellationToken cancellationToken);

    /// <summary>Resolves the backend's active events detected before <paramref name="at"/>; how many.</summary>
    Task<int> ResolveAsync(string backend, DateTimeOffset at, CancellationToken cancellationToken);
}
