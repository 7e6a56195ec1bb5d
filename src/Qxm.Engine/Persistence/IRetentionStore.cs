using Qxm.Domain.Runs;

namespace Qxm.Engine.Persistence;

/// <summary>What retention reads and removes in the relational store: finished runs past their tenant's period, and
/// Rejected runs to collect.</summary>
public interface IRetentionStore
{
    /// <summary>The tenant's Succeeded, Failed and Cancelled runs last changed before <paramref name="finishedBefore"/>,
    /// oldest change first, after <paramref name="after"/> (a keyset position: the last run of the previous page).</summary>
    Task<IReadOnlyList<Run>> ListFinishedAsync(string tenant, DateTimeOffset finishedBefore, Run? after, int limit, CancellationToken cancellationToken);

    /// <summary>The tenant's Rejected runs created before <paramref name="createdBefore"/>, oldest first, after <paramref name="after"/>.</summary>
    Task<IReadOnlyList<Run>> ListRejectedAsync(string tenant, DateTimeOffset createdBefore, Run? after, int limit, CancellationToken cancellationToken);

    /// <summary>Deletes the runs named that are still Rejected, with their history and the experiment rows only they
    /// kept (a Rejected run stores no artifact), in one transaction; the number deleted. Their audit events stay in the
    /// chain.</summary>
    Task<int> CollectRejectedAsync(IReadOnlyList<string> runIds, CancellationToken cancellationToken);
}
