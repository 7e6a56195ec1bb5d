using Qxm.Engine.Api;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Bundles;

/// <summary>The stores and identity a bundle is exported from or imported into. <paramref name="Visible"/> and
/// <paramref name="Provenance"/> are the caller's view, so a caller exports only runs it may see.</summary>
public sealed record BundleStores(
    IRunService Visible, IProvenanceService Provenance, IBundleRecords Records, IAuditLog AuditLog, IAuditTrail AuditTrail, IArtifactStore Artifacts,
    string Actor);
