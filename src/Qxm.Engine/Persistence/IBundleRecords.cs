using System.Text.Json.Nodes;
using Qxm.Domain.Audit;

namespace Qxm.Engine.Persistence;

/// <summary>A run's rows as the store holds them, for bundles: read on one installation, restored on another.</summary>
public interface IBundleRecords
{
    /// <summary>Every row that describes the run (its experiment version, the run, history, result, backend calls,
    /// executions, links, calibration binding and snapshot figures, costs), as <c>{table: [{column: value}]}</c>; null
    /// when there is no such run.</summary>
    Task<JsonObject?> ReadRunRecordsAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Restores runs read by <see cref="ReadRunRecordsAsync"/> in one transaction, with <paramref name="audit"/>
    /// appended to the chain when any run was new; a run already present is left as it is. The ids restored; a record
    /// naming a table or column the store does not have is refused (<see cref="Domain.Errors.QxmException"/> is not
    /// thrown for it: the answer is the refusal).</summary>
    Task<BundleRestore> RestoreRunRecordsAsync(IReadOnlyList<JsonObject> records, AuditEntry audit, CancellationToken cancellationToken);
}
