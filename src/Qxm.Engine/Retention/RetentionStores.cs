using Qxm.Engine.Persistence;

namespace Qxm.Engine.Retention;

/// <summary>The stores retention works over. <see cref="Archive"/> is null when no archive store is configured: runs due
/// for the archive then stay where they are.</summary>
public sealed record RetentionStores(
    IRetentionStore Retention, IRunStore Runs, IResultStore Results, IBackendJobs Jobs, IRunProvenance? Provenance, IAuditTrail Audit,
    IArtifactTier Primary, IArtifactTier? Archive);
