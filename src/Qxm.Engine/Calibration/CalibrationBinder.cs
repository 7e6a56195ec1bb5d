using Qxm.Backends.Contract;
using Qxm.Domain.Backends;
using Qxm.Domain.Calibration;
using Qxm.Domain.Runs;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Calibration;

/// <summary>Dispatch's one calibration step: captures the snapshot in effect on the run's backend, records it in the
/// history (which runs drift detection), applies the run's drift policy and binds the run to the snapshot's hash. The
/// worker calls it before submitting and passes the snapshot to the backend, so a noisy simulation runs under exactly
/// the calibration the run records.</summary>
internal sealed class CalibrationBinder(CalibrationHistory history, CalibrationStores stores, IRunStore runs, TimeProvider time)
{
    public const string Actor = "drift-policy";

    public async Task<CalibrationBinding> BindAsync(
        Run run, IBackend backend, Func<CancellationToken, Task<CalibrationSnapshot>>? capture, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(backend);
        if (backend is not ICalibrationSource source)
        {
            return CalibrationBinding.None;
        }

        var snapshot = await (capture ?? source.GetCalibrationAsync)(cancellationToken);
        var observed = await history.ObserveAsync(backend.Info.Id, snapshot, cancellationToken);
        IReadOnlyList<DriftEvent> carried = [];
        if (observed.ActiveDrift.Count > 0)
        {
            var state = await stores.Holds.GetStateAsync(run.Id, cancellationToken);
            if (state.Policy == DriftPolicy.Hold && !state.Released)
            {
                // The run reached dispatch before its backend's runs were held: hold it too and give it back to the queue.
                var reason = CalibrationHistory.Reason(backend.Info.Id, observed.ActiveDrift);
                await stores.Holds.HoldAsync(run.Id, backend.Info.Id, reason, time.GetUtcNow(), cancellationToken);
                await runs.TransitionAsync(run.Id, RunState.Running, RunState.Queued, Actor, "held: " + reason, cancellationToken);
                return CalibrationBinding.HeldBack;
            }

            // A flagged run, or a held one an operator released, runs and carries the drift it ran under.
            if (state.Policy != DriftPolicy.Run)
            {
                carried = observed.ActiveDrift;
            }
        }

        await stores.History.BindRunAsync(run.Id, backend.Info.Id, observed.Hash, [.. carried.Select(e => e.Id)], cancellationToken);
        return new CalibrationBinding(observed.Hash, snapshot, carried, false);
    }

    /// <summary>The run with what it records about calibration: its drift policy, the snapshot it ran under and the
    /// drift it carries, its hold while held.</summary>
    public async Task<Run> DescribeAsync(Run run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var state = await stores.Holds.GetStateAsync(run.Id, cancellationToken);
        return run with
        {
            OnDrift = state.Policy,
            Hold = run.State == RunState.Queued ? state.Hold : null,
            Calibration = await stores.History.GetRunCalibrationAsync(run.Id, cancellationToken),
        };
    }
}
