namespace Qxm.Engine.Persistence;

/// <summary>What an artifact store holds, without reading it: for retention's byte counts and its checks that a copy exists.</summary>
public interface IArtifactInventory
{
    /// <summary>The artifact's size in bytes; null when this store does not hold it.</summary>
    Task<long?> SizeAsync(string hash, CancellationToken cancellationToken);
}
