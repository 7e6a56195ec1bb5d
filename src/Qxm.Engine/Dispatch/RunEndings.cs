using System.Collections.Concurrent;

namespace Qxm.Engine.Dispatch;

/// <summary>Tells waiters in this process that a run this process's workers executed has ended, so a loop waiting for its
/// evaluation's run reads it once, when it ends, instead of every millisecond (the reads and the 1 ms timer were most of
/// an embedded loop's latency, docs/decisions/0036). A run ended elsewhere (another instance, a cancellation) is not
/// announced: waiters keep a slower poll for those.</summary>
public sealed class RunEndings
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

    /// <summary>Starts watching <paramref name="runId"/>: the task completes once <see cref="Ended"/> is called for it.
    /// Watch before reading the run's state, so an end between the read and the wait is not missed.</summary>
    public Task Watch(string runId) =>
        _waiting.GetOrAdd(runId, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Stops watching <paramref name="runId"/> (its waiter has seen it end or gave up).</summary>
    public void Forget(string runId) => _waiting.TryRemove(runId, out _);

    /// <summary>The run has reached a terminal state (its result or failure committed); wakes whoever watches it.</summary>
    public void Ended(string runId)
    {
        if (_waiting.TryRemove(runId, out var waiter))
        {
            waiter.TrySetResult();
        }
    }
}
