using Qxm.Engine.Persistence;

namespace Qxm.Engine.Retention;

/// <summary>The stores retention works over. <see cref="Archive"/> is null when no archive store is configured: runs due
/// for the archive then stay where they are. <see cref="Spool"/> holds results' documents not yet written to
/// <see cref="Primary"/> (decision 0043); null where the store has none.</summary>
public sealed record RetentionStores(
    IRetentionStore Retention, IRunStore Runs, IResultStore Results, IBackendJobs Jobs, IRunProvenance? Provenance, IAuditTrail Audit,
    IArtifactTier Primary, IArtifactTier? Archive, IArtifactSpool? Spool = null);
