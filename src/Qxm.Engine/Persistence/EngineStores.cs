namespace Qxm.Engine.Persistence;

/// <summary>The ports the engine persists through. A relational store implements all but the artifacts; <see cref="Over"/> says so.</summary>
/// <param name="Notifications">Cross-instance wake-ups, where the store offers them (PostgreSQL); null means workers poll.</param>
public sealed record EngineStores(
    IRunStore Runs, IRunLeases Leases, IResultStore Results, IReservationStore Reservations, IArtifactStore Artifacts,
    IWorkNotifications? Notifications = null)
{
    public required IBackendJobs BackendJobs { get; init; }

    public required IBackendControls BackendControls { get; init; }

    public static EngineStores Over<TStore>(TStore store, IArtifactStore artifacts)
        where TStore : IRunStore, IRunLeases, IResultStore, IReservationStore, IBackendJobs, IBackendControls =>
        new(store, store, store, store, artifacts, store as IWorkNotifications) { BackendJobs = store, BackendControls = store };
}
