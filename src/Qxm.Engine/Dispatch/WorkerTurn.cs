using System.Diagnostics;
using Qxm.Engine.Diagnostics;

namespace Qxm.Engine.Dispatch;

/// <summary>A run's hold on its worker: from the start of its execution until it no longer needs the worker's CPU (its
/// result is computed, or it ended or was handed over without one). Releasing it ends the worker's busy time and lets the
/// worker claim the next run while this one's tail (ingest and commit, which is I/O) goes on (docs/decisions/0036).</summary>
internal sealed class WorkerTurn
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _done;

    public WorkerTurn() => QxmTelemetry.Dispatch.ActiveWorkers.Add(1);

    /// <summary>Completes once the worker is free for the next run.</summary>
    public Task Released => _released.Task;

    /// <summary>Frees the worker; later calls do nothing.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _done, 1) != 0)
        {
            return;
        }

        QxmTelemetry.Dispatch.ActiveWorkers.Add(-1);
        QxmTelemetry.Dispatch.BusyTime.Add(Stopwatch.GetElapsedTime(_started).TotalSeconds);
        _released.TrySetResult();
    }
}
