namespace Qxm.Engine.Persistence;

/// <summary>The artifact store as the engine reads it: an artifact not (yet) in the store is looked for in the spool,
/// where a result's document waits from its result's commit until it is written out (decision 0043).</summary>
public sealed class SpooledArtifacts(IArtifactStore inner, IArtifactSpool spool) : IArtifactStore
{
    /// <summary>The store under the spool, which puts go to.</summary>
    public IArtifactStore Inner => inner;

    public Task<string> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => inner.PutAsync(content, cancellationToken);

    public async Task<byte[]?> GetAsync(string hash, CancellationToken cancellationToken) =>
        await inner.GetAsync(hash, cancellationToken) ?? await spool.GetSpooledAsync(hash, cancellationToken);
}
