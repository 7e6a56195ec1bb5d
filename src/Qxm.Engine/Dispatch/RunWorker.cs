using System.Text.Json;
using Microsoft.Extensions.Logging;
using Qxm.Backends.Contract;
using Qxm.Backends.Registry;
using Qxm.Domain.Backends;
using Qxm.Domain.Runs;
using Qxm.Engine.Calibration;
using Qxm.Engine.Persistence;
using Qxm.Engine.Resilience;
using Qxm.Engine.Submission;

namespace Qxm.Engine.Dispatch;

/// <summary>Claims queued runs and dispatches them. A worker is held only while qxm itself computes: it rebuilds the
/// circuits, and for an in-process backend (a simulator) stays with the run until its result; a run for a remote
/// backend is handed to <see cref="RemoteJobs"/> and the worker moves on. The loop is the one place in the worker that
/// catches every exception: it logs it, and the worker goes on.</summary>
internal sealed partial class RunWorker(
    string workerId,
    IRunLeases leases,
    Dispatcher dispatcher,
    RunningRuns running,
    BackendCalls calls,
    RunOutcomes outcomes,
    RemoteJobs remote,
    IBackendRegistry backends,
    WorkSignal signal,
    EngineOptions options,
    ResilienceOptions resilience,
    TimeProvider time,
    CalibrationBinder calibrations,
    Func<string, TimeSpan> deadlineFor,
    ILogger logger)
{
    /// <summary>The reason class a run past its deadline fails with.</summary>
    public const string DeadlineExceeded = "DeadlineExceeded";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var nextRequeueCheck = DateTimeOffset.MinValue;
        while (!cancellationToken.IsCancellationRequested)
        {
            ClaimedRun? claimed = null;
            try
            {
                if (time.GetUtcNow() >= nextRequeueCheck)
                {
                    if (await leases.RequeueExpiredAsync(cancellationToken) > 0)
                    {
                        dispatcher.Invalidate();
                    }

                    nextRequeueCheck = time.GetUtcNow() + options.IdlePoll;
                }

                claimed = await dispatcher.NextAsync(workerId, cancellationToken);
                if (claimed is null)
                {
                    await signal.WaitAsync(options.IdlePoll, cancellationToken);
                    continue;
                }

                await ExecuteAsync(claimed, waitForRemote: false, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The worker loop is the process's catch-all: one bad run or store hiccup must not stop dispatch.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogLoopError(logger, workerId, claimed?.Run.Id ?? "(none)", e);
                await Task.Delay(options.IdlePoll, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Claims and runs at most one queued run to its end; false when the queue was empty. For tests and the
    /// embedded CLI.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var claimed = await dispatcher.NextAsync(workerId, cancellationToken);
        if (claimed is null)
        {
            return false;
        }

        await ExecuteAsync(claimed, waitForRemote: true, cancellationToken);
        return true;
    }

    private async Task ExecuteAsync(ClaimedRun claimed, bool waitForRemote, CancellationToken cancellationToken)
    {
        var run = claimed.Run;
        if (run.Attempts > options.MaxAttempts)
        {
            await outcomes.FailAsync(run, workerId, BackendErrorKind.Fatal, $"gave up after {options.MaxAttempts} attempts: the workers running it stopped", cancellationToken);
            return;
        }

        var dispatched = await PrepareAsync(claimed, cancellationToken);
        if (dispatched is null)
        {
            return;
        }

        if (dispatched.Backend.Info.Execution == BackendExecution.Remote)
        {
            var following = remote.FollowAsync(dispatched, workerId, cancellationToken);
            if (waitForRemote)
            {
                await following;
            }

            return;
        }

        await ExecuteInProcessAsync(dispatched, cancellationToken);
    }

    /// <summary>Rebuilds the run's circuits from its stored spec and finds its backend; a run that cannot be prepared
    /// fails at once as <see cref="BackendErrorKind.Fatal"/> (trying again would fail the same way).</summary>
    private async Task<DispatchedRun?> PrepareAsync(ClaimedRun claimed, CancellationToken cancellationToken)
    {
        var run = claimed.Run;
        ExperimentSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<ExperimentSpec>(claimed.Experiment.SpecJson, SpecJson.Options);
        }
        catch (JsonException e)
        {
            await outcomes.FailAsync(run, workerId, BackendErrorKind.Fatal, $"the stored experiment {run.Fingerprint} does not read: {e.Message}", cancellationToken);
            return null;
        }

        if (spec is null)
        {
            await outcomes.FailAsync(run, workerId, BackendErrorKind.Fatal, $"the stored experiment {run.Fingerprint} is empty", cancellationToken);
            return null;
        }

        var (prepared, diagnostics) = ExperimentPreparation.Prepare(spec);
        if (prepared is null)
        {
            await outcomes.FailAsync(run, workerId, BackendErrorKind.Fatal, "the stored experiment no longer prepares: " + string.Join("; ", diagnostics), cancellationToken);
            return null;
        }

        if (!backends.TryGet(run.Backend, out var backend))
        {
            await outcomes.FailAsync(run, workerId, BackendErrorKind.DeviceUnavailable, $"backend '{run.Backend}' is not available in this instance", cancellationToken);
            return null;
        }

        // The calibration in effect is bound to the run before anything is submitted; a drift hold gives it back to the queue.
        var calibration = await calibrations.BindAsync(run, backend, cancellationToken);
        if (calibration.Held)
        {
            return null;
        }

        var job = new BackendJob(run.Id, prepared.BoundCircuits, run.Shots, run.Seed ?? 0, spec.Options is { } o ? new BackendRunOptions(o.Threads, o.Precision) : null, calibration.Snapshot);
        return new DispatchedRun(run, prepared, backend, job, run.CreatedAt + resilience.RunDeadline);
    }

    /// <summary>A simulator computes in this process: the worker keeps the lease alive until the result is in, or the
    /// tenant's run deadline stops it.</summary>
    private async Task ExecuteInProcessAsync(DispatchedRun run, CancellationToken cancellationToken)
    {
        // The deadline cancels the backend's work like a cancellation does; the simulator checks the token between passes.
        var limit = deadlineFor(run.Run.Tenant);
        using var deadline = new CancellationTokenSource(limit, time);
        using var lease = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        using var tracked = running.Track(run.Run.Id, run.Backend.Info.Id, lease);
        string? jobId = null;
        try
        {
            jobId = await calls.SubmitInProcessAsync(run, lease.Token);
            var heartbeat = HeartbeatAsync(run.Run.Id, lease);
            BackendJobResult result;
            try
            {
                result = await run.Backend.GetResultAsync(jobId, lease.Token);
            }
            catch (BackendException e)
            {
                throw await calls.FailedAsync(run, "result", jobId, e.Kind, e.Message, cancellationToken, e.RawAnswer);
            }
            finally
            {
                await lease.CancelAsync();
                await heartbeat;
            }

            await outcomes.CompleteAsync(run, jobId, result, workerId, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The run was cancelled or the lease lost (another worker owns the run now): stop the backend's work and
            // record nothing; whoever holds the run now records its outcome.
            if (jobId is not null)
            {
                await run.Backend.CancelAsync(jobId, CancellationToken.None);
            }

            if (deadline.IsCancellationRequested)
            {
                await outcomes.FailAsync(run.Run, workerId, $"{DeadlineExceeded}: ran longer than its {limit.TotalSeconds:0.###} s deadline and was stopped", cancellationToken);
            }
        }
        catch (BackendCallException e)
        {
            await outcomes.FailAsync(run.Run, workerId, e.Failure.Kind, e.Failure.Message, cancellationToken);
        }
    }

    /// <summary>Keeps the lease alive while the backend works; when it cannot be renewed (the run was cancelled or
    /// requeued) it gives the lease up, which stops the wait for the backend.</summary>
    private async Task HeartbeatAsync(string runId, CancellationTokenSource lease)
    {
        var period = options.Lease / 3;
        try
        {
            while (!lease.IsCancellationRequested)
            {
                await Task.Delay(period, time, lease.Token);
                if (!await leases.RenewLeaseAsync(runId, workerId, options.Lease, lease.Token))
                {
                    await lease.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The job finished or the lease was given up; either way the heartbeat ends here.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "worker {WorkerId}: unexpected error on run {RunId}; its lease will expire and it will be retried")]
    private static partial void LogLoopError(ILogger logger, string workerId, string runId, Exception exception);
}
