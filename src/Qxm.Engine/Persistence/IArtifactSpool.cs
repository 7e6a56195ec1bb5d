using Qxm.Domain.Provenance;
using Qxm.Domain.Runs;

namespace Qxm.Engine.Persistence;

/// <summary>Artifacts kept in the store's database until they are files (or objects) of the artifact store: a result's
/// document is written in the transaction that records the result, so a run's success waits for no flush of its own
/// (decision 0043). Whoever reads an artifact by hash finds a spooled one here.</summary>
public interface IArtifactSpool
{
    /// <summary>As <see cref="IResultStore.CompleteAsync(RunResult, ExecutionFacts?, string, CancellationToken)"/>, with the
    /// result's document (whose SHA-256 is the result's artifact hash) spooled in the same transaction when the result is
    /// recorded.</summary>
    Task<bool> CompleteSpooledAsync(RunResult result, ExecutionFacts? execution, ReadOnlyMemory<byte> document, string actor, CancellationToken cancellationToken);

    /// <summary>The spooled document with this hash; null when none is spooled (it is a file by now, or never was).</summary>
    Task<byte[]?> GetSpooledAsync(string hash, CancellationToken cancellationToken);

    /// <summary>Hashes of documents spooled before <paramref name="before"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<string>> ListSpooledAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken);

    /// <summary>Forgets spooled documents the artifact store now holds durably.</summary>
    Task UnspoolAsync(IReadOnlyList<string> hashes, CancellationToken cancellationToken);
}
