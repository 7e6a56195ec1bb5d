using Qxm.Engine.Audit;

namespace Qxm.Engine.Persistence;

/// <summary>Signed checkpoints of the audit chain, kept outside the database, so that deleting the chain's tail in the
/// database leaves a signed record of what was there.</summary>
public interface IAuditCheckpointLog
{
    Task AppendAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>Every checkpoint in the order written (none when there is no log yet); <see cref="InvalidDataException"/>
    /// names the first entry that is not a checkpoint.</summary>
    Task<IReadOnlyList<AuditCheckpoint>> ReadAllAsync(CancellationToken cancellationToken);
}
