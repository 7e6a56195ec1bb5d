namespace Qxm.Engine.Persistence;

/// <summary>The ports the engine persists through. A relational store implements all but the artifacts; <see cref="Over"/> says so.</summary>
/// <param name="Notifications">Cross-instance wake-ups, where the store offers them (PostgreSQL); null means workers poll.</param>
/// <param name="Calibration">Calibration history, drift events and holds; the engine needs them.</param>
public sealed record EngineStores(
    IRunStore Runs, IRunLeases Leases, IResultStore Results, IReservationStore Reservations, IArtifactStore Artifacts,
    IWorkNotifications? Notifications = null, CalibrationStores? Calibration = null)
{
    public required IBackendJobs BackendJobs { get; init; }

    public required IBackendControls BackendControls { get; init; }

    /// <summary>The fence on vendor submits by attempt number; null makes submits unfenced (a lapsed lease's attempt may
    /// then submit beside the one that took the run over).</summary>
    public ISubmitFence? SubmitFence { get; init; }

    /// <summary>Backend sessions; null turns them off.</summary>
    public ISessionStore? Sessions { get; init; }

    /// <summary>Runs' approved alternative backends; null turns failover off.</summary>
    public IRunFailovers? Failovers { get; init; }

    /// <summary>Runs' estimated and actual costs; null records no actual costs.</summary>
    public IRunCosts? Costs { get; init; }

    /// <summary>Execution facts and run links for provenance; null records none (provenance then lists them as missing).</summary>
    public IRunProvenance? Provenance { get; init; }

    /// <summary>Where results' documents wait, written in their results' transactions, until the artifact store holds them
    /// (decision 0043); null puts each document in the artifact store before its result commits.</summary>
    public IArtifactSpool? Spool { get; init; }

    /// <summary>Per-tenant vendor credential references; null turns them off (every run signs in as its backend).</summary>
    public ITenantCredentialStore? TenantCredentials { get; init; }

    public static EngineStores Over<TStore>(TStore store, IArtifactStore artifacts)
        where TStore : IRunStore, IRunLeases, IResultStore, IReservationStore, IBackendJobs, IBackendControls =>
        new(store, store, store, store, store is IArtifactSpool spool ? new SpooledArtifacts(artifacts, spool) : artifacts, store as IWorkNotifications,
            store is ICalibrationStore history and IDriftStore drift and IDriftHolds holds ? new CalibrationStores(history, drift, holds) : null)
        {
            BackendJobs = store,
            BackendControls = store,
            Failovers = store as IRunFailovers,
            Costs = store as IRunCosts,
            Provenance = store as IRunProvenance,
            Sessions = store as ISessionStore,
            SubmitFence = store as ISubmitFence,
            TenantCredentials = store as ITenantCredentialStore,
            Spool = store as IArtifactSpool,
        };
}
