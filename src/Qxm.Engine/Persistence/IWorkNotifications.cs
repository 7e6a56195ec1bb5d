namespace Qxm.Engine.Persistence;

/// <summary>A store that tells every instance when runs were queued by any of them, so idle workers wake at once
/// instead of at their next poll. Optional: without it, workers poll.</summary>
public interface IWorkNotifications
{
    /// <summary>Calls <paramref name="workQueued"/> whenever runs are queued through the store, until cancelled.</summary>
    Task ListenAsync(Action workQueued, CancellationToken cancellationToken);
}
