using Qxm.Backends.Contract;
using Qxm.Backends.Registry;

namespace Qxm.Engine.Calibration;

/// <summary>Asks every calibrated backend for its snapshot on a period, so the history and drift detection follow a
/// device even while nothing runs on it, and held runs are released when it settles.</summary>
internal sealed class CalibrationMonitor(IBackendRegistry backends, CalibrationHistory history, CalibrationOptions options, TimeProvider time)
{
    /// <summary>One round over every calibrated backend; a backend that fails to answer is skipped until the next round.</summary>
    public async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var backend in backends.All)
        {
            if (backend is not ICalibrationSource source)
            {
                continue;
            }

            try
            {
                await history.ObserveAsync(backend.Info.Id, await source.GetCalibrationAsync(cancellationToken), cancellationToken);
            }
            catch (BackendException)
            {
                // An unavailable device has no calibration to report now; the next round asks again.
            }
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await PollOnceAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The monitor's loop is its catch-all: a store hiccup must not end calibration tracking.
            catch (Exception)
#pragma warning restore CA1031
            {
                // The next round tries again; the store records nothing partial (each snapshot is one idempotent write).
            }

            await Task.Delay(options.Poll, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
