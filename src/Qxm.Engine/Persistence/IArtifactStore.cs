namespace Qxm.Engine.Persistence;

/// <summary>Content-addressed blobs: circuit sources, results, calibration snapshots. The key is the bytes'
/// <see cref="ArtifactHash"/>, so a put of the same bytes is a no-op.</summary>
public interface IArtifactStore
{
    Task<string> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    Task<byte[]?> GetAsync(string hash, CancellationToken cancellationToken);
}
