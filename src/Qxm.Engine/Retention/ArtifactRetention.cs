using Qxm.Engine.Persistence;

namespace Qxm.Engine.Retention;

/// <summary>Deletes the artifacts refused submissions left behind, once they are older than <see cref="EngineOptions.OrphanGrace"/>
/// and nothing references them. Only journalled artifacts are considered, so an artifact some other part of qxm stores is
/// never touched; a referenced one only loses its journal entry.</summary>
public sealed class ArtifactRetention(
    IArtifactOrphans orphans, IArtifactPruning pruning, EngineOptions options, TimeProvider time, IArtifactInventory? sizes = null)
{
    private const int Batch = 500;

    /// <summary>A dry run counts at most this many journal entries: it deletes nothing, so it cannot page by deleting.</summary>
    private const int DryRunLimit = 10_000;

    /// <summary>One pass over the journal; the number of artifacts deleted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken) => (await CollectAsync(dryRun: false, cancellationToken)).Count;

    /// <summary>One pass over the journal: the artifacts deleted (or, dry, that would be) and their bytes, where the store
    /// tells sizes.</summary>
    public async Task<(int Count, long Bytes)> CollectAsync(bool dryRun, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.OrphanGrace;
        var (deleted, bytes) = (0, 0L);
        while (true)
        {
            var candidates = await orphans.ListOrphansAsync(cutoff, dryRun ? DryRunLimit : Batch, cancellationToken);
            foreach (var candidate in candidates)
            {
                var size = candidate.Referenced || sizes is null ? null : await sizes.SizeAsync(candidate.Hash, cancellationToken);
                if (dryRun)
                {
                    (deleted, bytes) = candidate.Referenced ? (deleted, bytes) : (deleted + 1, bytes + (size ?? 0));
                    continue;
                }

                if (!candidate.Referenced &&
                    await pruning.DeleteIfOrphanedAsync(candidate.Hash, cutoff, async ct => !await orphans.IsReferencedAsync(candidate.Hash, ct), cancellationToken))
                {
                    (deleted, bytes) = (deleted + 1, bytes + (size ?? 0));
                }

                await orphans.ForgetOrphanAsync(candidate.Hash, cancellationToken);
            }

            if (dryRun || candidates.Count < Batch)
            {
                return (deleted, bytes);
            }
        }
    }
}
