using System.Collections.Concurrent;

namespace Qxm.Engine.Dispatch;

/// <summary>The runs this process is executing, so a cancellation reaches the backend at once rather than at the
/// worker's next heartbeat (which still catches cancellations made through other instances).</summary>
internal sealed class RunningRuns
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);

    public Registration Track(string runId, CancellationTokenSource lease)
    {
        _running[runId] = lease;
        return new Registration(this, runId);
    }

    /// <summary>Stops this process's work on the run, if it has any.</summary>
    public void Cancel(string runId)
    {
        if (_running.TryGetValue(runId, out var lease))
        {
            try
            {
                lease.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run finished between the lookup and the cancel: nothing left to stop.
            }
        }
    }

    internal readonly struct Registration(RunningRuns owner, string runId) : IDisposable
    {
        public void Dispose() => owner._running.TryRemove(runId, out _);
    }
}
