using System.Collections.Concurrent;

namespace Qxm.Engine.Dispatch;

/// <summary>The runs this process is executing or following at a remote backend, so a cancellation reaches the backend
/// at once rather than at the worker's next heartbeat (which still catches cancellations made through other
/// instances), and <c>qxm backends</c> can say how much work each backend has in flight here.</summary>
internal sealed class RunningRuns
{
    private readonly ConcurrentDictionary<string, (string Backend, CancellationTokenSource Lease)> _running = new(StringComparer.Ordinal);

    public Registration Track(string runId, string backend, CancellationTokenSource lease)
    {
        _running[runId] = (backend, lease);
        return new Registration(this, runId);
    }

    /// <summary>Stops this process's work on the run, if it has any.</summary>
    public void Cancel(string runId)
    {
        if (_running.TryGetValue(runId, out var entry))
        {
            try
            {
                entry.Lease.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run finished between the lookup and the cancel: nothing left to stop.
            }
        }
    }

    public int CountOn(string backend) => _running.Values.Count(r => r.Backend == backend);

    /// <summary>Whether this process still executes or follows the run (its attempt alive here, whatever its lease says).</summary>
    public bool Contains(string runId) => _running.ContainsKey(runId);

    internal readonly struct Registration(RunningRuns owner, string runId) : IDisposable
    {
        public void Dispose() => owner._running.TryRemove(runId, out _);
    }
}
