namespace Qxm.Engine.Persistence;

/// <summary>The journal of artifacts refused submissions left behind, and whether anything references an artifact.</summary>
public interface IArtifactOrphans
{
    /// <summary>Journal entries noted before <paramref name="notedBefore"/>, oldest first, each with whether a row references it now.</summary>
    Task<IReadOnlyList<OrphanCandidate>> ListOrphansAsync(DateTimeOffset notedBefore, int limit, CancellationToken cancellationToken);

    Task<bool> IsReferencedAsync(string hash, CancellationToken cancellationToken);

    Task ForgetOrphanAsync(string hash, CancellationToken cancellationToken);

    /// <summary>The bytes a tenant's admitted runs stored, as its stored-bytes quota counts them.</summary>
    Task<long> StoredBytesAsync(string tenant, CancellationToken cancellationToken);
}
