namespace Qxm.Engine.Persistence;

/// <summary>Deleting an artifact safely while submissions may be putting the same bytes again.</summary>
public interface IArtifactPruning
{
    /// <summary>Deletes the artifact when it was not put (or put again) since <paramref name="untouchedSince"/> and
    /// <paramref name="stillOrphaned"/> confirms, after the artifact is out of readers' and writers' way, that nothing
    /// references it; true when it was deleted.</summary>
    Task<bool> DeleteIfOrphanedAsync(string hash, DateTimeOffset untouchedSince, Func<CancellationToken, Task<bool>> stillOrphaned, CancellationToken cancellationToken);
}
