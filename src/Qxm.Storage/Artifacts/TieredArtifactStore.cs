using Qxm.Engine.Persistence;

namespace Qxm.Storage.Artifacts;

/// <summary>The artifact store with its archive tier behind it: puts go to the primary store, reads that miss it are
/// answered from the archive, so a run whose artifacts retention moved is read as before (provenance, results,
/// reproduce, export). Both tiers are content-addressed the same way, so a hash names the same bytes in either.</summary>
public sealed class TieredArtifactStore(IArtifactTier primary, IArtifactTier archive) : IArtifactTier
{
    public IArtifactTier Primary { get; } = primary;

    public IArtifactTier Archive { get; } = archive;

    public Task<string> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => Primary.PutAsync(content, cancellationToken);

    public async Task<byte[]?> GetAsync(string hash, CancellationToken cancellationToken) =>
        await Primary.GetAsync(hash, cancellationToken) ?? await Archive.GetAsync(hash, cancellationToken);

    /// <summary>Orphans are fresh artifacts of the primary tier; the archive holds only what retention moved there.</summary>
    public Task<bool> DeleteIfOrphanedAsync(
        string hash, DateTimeOffset untouchedSince, Func<CancellationToken, Task<bool>> stillOrphaned, CancellationToken cancellationToken) =>
        Primary.DeleteIfOrphanedAsync(hash, untouchedSince, stillOrphaned, cancellationToken);

    public async Task<long?> SizeAsync(string hash, CancellationToken cancellationToken) =>
        await Primary.SizeAsync(hash, cancellationToken) ?? await Archive.SizeAsync(hash, cancellationToken);
}
