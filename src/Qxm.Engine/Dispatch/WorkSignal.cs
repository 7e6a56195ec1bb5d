namespace Qxm.Engine.Dispatch;

/// <summary>Wakes idle workers when work is queued in this process, so dispatch never waits on a polling sleep;
/// the idle poll remains only for work that arrives from elsewhere.</summary>
public sealed class WorkSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, int.MaxValue);

    public void Notify()
    {
        // Saturating at a few pending wake-ups is enough: each woken worker drains the queue before sleeping again.
        if (_semaphore.CurrentCount < 64)
        {
            _semaphore.Release();
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _semaphore.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _semaphore.Dispose();
}
