using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Qxm.Backends.Contract;
using Qxm.Backends.Registry;
using Qxm.Domain.Backends;
using Qxm.Domain.Runs;
using Qxm.Engine.Calibration;
using Qxm.Engine.Diagnostics;
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
    /// <summary>Moves queued runs off backends that stay unavailable; null when failover is off.</summary>
    public FailoverMonitor? Failover { get; init; }

    public IRunFailovers? Failovers { get; init; }

    /// <summary>Swaps a vendor backend for the run's tenant's own credentials where an admin set them; null never does.</summary>
    public Vendors.TenantBackends? TenantBackends { get; init; }

    /// <summary>Where a run on a backend with vendor sessions finds its tenant's active session; null finds none.</summary>
    public ISessionStore? Sessions { get; init; }

    /// <summary>The reason class a run past its deadline fails with.</summary>
    public const string DeadlineExceeded = "DeadlineExceeded";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // The tails of runs already computed (their results' ingest, artifact flush and commit, which is I/O), still going
        // while this worker claims and computes the next: up to TailsPerWorker of them, whose flushes the disk and the
        // store's group commit take together. Simulations stay one a worker; stopping awaits every tail.
        var tails = new List<Task>(options.TailsPerWorker);
        try
        {
            var nextRequeueCheck = DateTimeOffset.MinValue;
            while (!cancellationToken.IsCancellationRequested)
            {
                ClaimedRun? claimed = null;
                try
                {
                    if (time.GetUtcNow() >= nextRequeueCheck)
                    {
                        var requeued = await leases.RequeueExpiredAsync(cancellationToken);
                        if (requeued > 0)
                        {
                            EngineLog.RunsRequeued(logger, requeued);
                            dispatcher.Invalidate();
                        }

                        nextRequeueCheck = time.GetUtcNow() + options.IdlePoll;
                    }

                    if (Failover is not null)
                    {
                        await Failover.CheckAsync(cancellationToken);
                    }

                    claimed = await NextAsync(cancellationToken);
                    if (claimed is null)
                    {
                        await signal.WaitAsync(options.IdlePoll, cancellationToken);
                        continue;
                    }

                    var turn = new WorkerTurn();
                    var execution = ObservedAsync(ExecuteAsync(claimed, waitForRemote: false, turn, cancellationToken), claimed.Run.Id, cancellationToken);
                    await Task.WhenAny(turn.Released, execution);
                    tails.Add(execution);
                    tails.RemoveAll(t => t.IsCompleted);
                    while (tails.Count > options.TailsPerWorker)
                    {
                        await Task.WhenAny(tails);
                        tails.RemoveAll(t => t.IsCompleted);
                    }
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
        finally
        {
            // ObservedAsync logs a tail's failure and never throws.
            await Task.WhenAll(tails);
        }
    }

    /// <summary>Claims and runs at most one queued run to its end; false when the queue was empty. For tests and the
    /// embedded CLI.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var claimed = await NextAsync(cancellationToken);
        if (claimed is null)
        {
            return false;
        }

        await ExecuteAsync(claimed, waitForRemote: true, new WorkerTurn(), cancellationToken);
        return true;
    }

    private async Task<ClaimedRun?> NextAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var claimed = await dispatcher.NextAsync(workerId, cancellationToken);
        if (claimed is not null)
        {
            QxmTelemetry.Dispatch.Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>(QxmTelemetry.Labels.Backend, claimed.Run.Backend));
        }

        return claimed;
    }

    /// <summary>A run's execution whose tail goes on while the worker claims the next: its failure is logged here, as the
    /// loop would have, since nobody awaits it at once.</summary>
    private async Task ObservedAsync(Task execution, string runId, CancellationToken cancellationToken)
    {
        try
        {
            await execution;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The worker is stopping; the run's lease expires and it is retried, as when the loop itself is cancelled.
        }
#pragma warning disable CA1031 // Like the worker loop: one bad run must not stop dispatch.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogLoopError(logger, workerId, runId, e);
        }
    }

    /// <summary>Executes one claimed run inside its own log scope and a <c>qxm.dispatch</c> span that joins the trace the
    /// run was submitted under, wherever that was. The worker's busy time ends when the run's result is computed or it
    /// hands a remote run over.</summary>
    /// <param name="turn">Released once the run no longer needs the worker (at the latest when it ends).</param>
    private async Task ExecuteAsync(ClaimedRun claimed, bool waitForRemote, WorkerTurn turn, CancellationToken cancellationToken)
    {
        // Everything from the turn's start is inside the try, so the active-workers count it raised always comes down.
        try
        {
            var run = claimed.Run;
            using var scope = logger.BeginScope(new RunScope(run.Id, run.TraceId));
            using var activity = QxmTelemetry.Dispatch.Source.StartActivity("qxm.dispatch", ActivityKind.Internal, RunTrace.ParentOf(run.TraceParent));
            activity?.SetTag(QxmTelemetry.Attributes.RunId, run.Id);
            activity?.SetTag(QxmTelemetry.Attributes.Backend, run.Backend);
            activity?.SetTag(QxmTelemetry.Attributes.Tenant, run.Tenant);
            activity?.SetTag(QxmTelemetry.Attributes.Attempt, run.Attempts);
            EngineLog.RunStarted(logger, run.Id, run.Backend, run.Attempts);
            var started = Stopwatch.GetTimestamp();
            var outcome = await ExecuteClaimedAsync(claimed, waitForRemote, turn, cancellationToken);
            activity?.SetTag(QxmTelemetry.Attributes.Outcome, outcome.Outcome);
            if (outcome.ErrorKind != QxmTelemetry.Labels.None)
            {
                activity?.SetTag(QxmTelemetry.Attributes.ErrorKind, outcome.ErrorKind);
                activity?.SetStatus(ActivityStatusCode.Error, outcome.ErrorKind);
            }

            // A remote run's execution is measured by whoever follows it to its end.
            if (outcome != RunOutcome.Remote)
            {
                QxmTelemetry.Dispatch.Execution.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                    new(QxmTelemetry.Labels.Backend, run.Backend), new(QxmTelemetry.Labels.Tenant, run.Tenant), new(QxmTelemetry.Labels.Outcome, outcome.Outcome));
            }
        }
        finally
        {
            turn.Release();
        }
    }

    private async Task<RunOutcome> ExecuteClaimedAsync(ClaimedRun claimed, bool waitForRemote, WorkerTurn turn, CancellationToken cancellationToken)
    {
        var run = claimed.Run;
        if (run.Attempts > options.MaxAttempts)
        {
            return await outcomes.FailAsync(run, workerId, BackendErrorKind.Fatal, $"gave up after {options.MaxAttempts} attempts: the workers running it stopped", cancellationToken);
        }

        var (dispatched, ended) = await PrepareAsync(claimed, cancellationToken);
        if (dispatched is null)
        {
            return ended;
        }

        if (dispatched.Backend.Info.Execution == BackendExecution.Remote)
        {
            var following = remote.FollowAsync(dispatched, workerId, cancellationToken);
            return waitForRemote ? await following : RunOutcome.Remote;
        }

        return await ExecuteInProcessAsync(dispatched, turn, cancellationToken);
    }

    /// <summary>Rebuilds the run's circuits from its stored spec and finds its backend; a run that cannot be prepared
    /// fails at once as <see cref="BackendErrorKind.Fatal"/> (trying again would fail the same way).</summary>
    private async Task<(DispatchedRun? Run, RunOutcome Ended)> PrepareAsync(ClaimedRun claimed, CancellationToken cancellationToken)
    {
        var run = claimed.Run;
        ExperimentSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<ExperimentSpec>(claimed.Experiment.SpecJson, SpecJson.Options);
        }
        catch (JsonException e)
        {
            return (null, await outcomes.FailAsync(run, workerId, BackendErrorKind.Fatal, $"the stored experiment {run.Fingerprint} does not read: {e.Message}", cancellationToken));
        }

        if (spec is null)
        {
            return (null, await outcomes.FailAsync(run, workerId, BackendErrorKind.Fatal, $"the stored experiment {run.Fingerprint} is empty", cancellationToken));
        }

        if (!backends.TryGet(run.Backend, out var backend))
        {
            return (null, await outcomes.FailAsync(run, workerId, BackendErrorKind.DeviceUnavailable, $"backend '{run.Backend}' is not available in this instance", cancellationToken));
        }

        // Read for the backend's target, as at submission: durationof takes its durations from it.
        var (prepared, diagnostics) = ExperimentPreparation.Prepare(spec, backend.Info.Target);
        if (prepared is null)
        {
            return (null, await outcomes.FailAsync(run, workerId, BackendErrorKind.Fatal, "the stored experiment no longer prepares: " + string.Join("; ", diagnostics), cancellationToken));
        }

        if (TenantBackends is { } perTenant)
        {
            backend = await perTenant.ForAsync(backend, run.Tenant, cancellationToken);
        }

        // The calibration in effect is bound to the run before anything is submitted; a drift hold gives it back to the queue.
        // A vendor's calibration is a call like any other: retried through the pipeline, and recorded on the run when it fails.
        CalibrationBinding calibration;
        var deadline = run.CreatedAt + resilience.RunDeadline;
        using (var bind = QxmTelemetry.Calibration.Source.StartActivity("qxm.calibration.bind"))
        {
            bind?.SetTag(QxmTelemetry.Attributes.RunId, run.Id);
            var source = await CalibrationSourceAsync(run, backend, cancellationToken);
            var asking = new DispatchedRun(run, prepared, source, new BackendJob(run.Id, prepared.BoundCircuits, run.Shots, run.Seed ?? 0), deadline);
            try
            {
                calibration = await calibrations.BindAsync(run, source, token => calls.CalibrationAsync(asking, token), cancellationToken);
            }
            catch (BackendCallException e)
            {
                return (null, await outcomes.FailAsync(run, workerId, e.Failure.Kind, "the backend's calibration: " + e.Failure.Message, cancellationToken));
            }

            bind?.SetTag(QxmTelemetry.Attributes.Outcome, calibration.Held ? "held" : "bound");
        }

        if (calibration.Held)
        {
            return (null, RunOutcome.Held);
        }

        var job = new BackendJob(run.Id, prepared.JobCircuits, run.Shots, run.Seed ?? 0, spec.Options is { } o ? new BackendRunOptions(o.Threads, o.Precision) : null, calibration.Snapshot)
        {
            VendorSession = backend is IVendorSessions ? await VendorSessionAsync(run, cancellationToken) : null,
        };
        return (new DispatchedRun(run, prepared, backend, job, deadline), RunOutcome.Stopped);
    }

    /// <summary>The vendor session of the run's tenant's active session on its backend: a remote run reads it once, at
    /// dispatch, so the job joins the session that holds the backend when it is submitted.</summary>
    private async Task<string?> VendorSessionAsync(Run run, CancellationToken cancellationToken)
    {
        if (Sessions is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        return (await Sessions.ListSessionsAsync(run.Backend, now, cancellationToken))
            .FirstOrDefault(s => s.Tenant == run.Tenant && s.IsActiveAt(now) && s.VendorSession is not null && s.VendorClosedAt is null)?.VendorSession;
    }

    /// <summary>The backend whose calibration the run binds: its own, except for a run that failed over from a device to a
    /// backend without calibration of its own (a noisy simulator), which simulates under the original device's.</summary>
    private async Task<IBackend> CalibrationSourceAsync(Run run, IBackend backend, CancellationToken cancellationToken) =>
        backend is not ICalibrationSource && Failovers is not null
            && await Failovers.GetFailoverAsync(run.Id, cancellationToken) is { From: { } origin }
            && backends.TryGet(origin, out var device) && device is ICalibrationSource
                ? device
                : backend;

    /// <summary>A simulator computes in this process: the worker keeps the lease alive until the result is in, or the
    /// tenant's run deadline stops it.</summary>
    private async Task<RunOutcome> ExecuteInProcessAsync(DispatchedRun run, WorkerTurn turn, CancellationToken cancellationToken)
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
                using var call = BackendCall.Start("result", run.Run);
                result = await run.Backend.GetResultAsync(jobId, lease.Token);
                call.Succeeded(jobId);
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

            turn.Release();
            return await outcomes.CompleteAsync(run, jobId, result, workerId, cancellationToken);
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
                return await outcomes.FailAsync(run.Run, workerId, DeadlineExceeded, $"ran longer than its {limit.TotalSeconds:0.###} s deadline and was stopped", cancellationToken);
            }

            EngineLog.RunStopped(logger, run.Run.Id);
            return RunOutcome.Stopped;
        }
        catch (BackendCallException e)
        {
            return await outcomes.FailAsync(run.Run, workerId, e.Failure.Kind, e.Failure.Message, cancellationToken);
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
                // Nearly every heartbeat ends cancelled, when the run's result is in: without a thrown exception each time.
                await Task.Delay(period, time, lease.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (lease.IsCancellationRequested)
                {
                    return;
                }

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
