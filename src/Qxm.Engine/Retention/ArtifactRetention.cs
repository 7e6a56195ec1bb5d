using Qxm.Engine.Persistence;

namespace Qxm.Engine.Retention;

/// <summary>Deletes the artifacts refused submissions left behind, once they are older than <see cref="EngineOptions.OrphanGrace"/>
/// and nothing references them. Only journalled artifacts are considered, so an artifact some other part of qxm stores is
/// never touched; a referenced one only loses its journal entry.</summary>
public sealed class ArtifactRetention(IArtifactOrphans orphans, IArtifactPruning pruning, EngineOptions options, TimeProvider time)
{
    private const int Batch = 500;

    /// <summary>One pass over the journal; the number of artifacts deleted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.OrphanGrace;
        var deleted = 0;
        while (true)
        {
            var candidates = await orphans.ListOrphansAsync(cutoff, Batch, cancellationToken);
            foreach (var candidate in candidates)
            {
                if (!candidate.Referenced &&
                    await pruning.DeleteIfOrphanedAsync(candidate.Hash, cutoff, async ct => !await orphans.IsReferencedAsync(candidate.Hash, ct), cancellationToken))
                {
                    deleted++;
                }

                await orphans.ForgetOrphanAsync(candidate.Hash, cancellationToken);
            }

            if (candidates.Count < Batch)
            {
                return deleted;
            }
        }
    }
}
