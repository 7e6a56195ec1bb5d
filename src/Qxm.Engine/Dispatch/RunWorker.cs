using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Qxm.Backends.Contract;
using Qxm.Backends.Registry;
using Qxm.Domain.Runs;
using Qxm.Engine.Calibration;
using Qxm.Engine.Diagnostics;
using Qxm.Engine.Ingestion;
using Qxm.Engine.Persistence;
using Qxm.Engine.Submission;

namespace Qxm.Engine.Dispatch;

/// <summary>Claims queued runs and executes them on their backend under a lease. The loop is the one place in the
/// worker that catches every exception: a failing run fails, the worker goes on.</summary>
internal sealed class RunWorker(
    string workerId,
    IRunStore runs,
    IRunLeases leases,
    Dispatcher dispatcher,
    RunningRuns running,
    ResultIngestor ingestor,
    IBackendRegistry backends,
    WorkSignal signal,
    EngineOptions options,
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

                var claimed = await NextAsync(cancellationToken);
                if (claimed is null)
                {
                    await signal.WaitAsync(options.IdlePoll, cancellationToken);
                    continue;
                }

                await ExecuteAsync(claimed, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The worker loop is the process's catch-all: one bad run or store hiccup must not stop dispatch.
            catch (Exception e)
#pragma warning restore CA1031
            {
                EngineLog.WorkerLoopFailed(logger, e, workerId);
                await Task.Delay(options.IdlePoll, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Claims and runs at most one queued run; false when the queue was empty. For tests and the embedded CLI.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var claimed = await NextAsync(cancellationToken);
        if (claimed is null)
        {
            return false;
        }

        await ExecuteAsync(claimed, cancellationToken);
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

    /// <summary>Executes one claimed run inside its own scope and a <c>qxm.dispatch</c> span that joins the trace the run
    /// was submitted under, wherever that was.</summary>
    private async Task ExecuteAsync(ClaimedRun claimed, CancellationToken cancellationToken)
    {
        var run = claimed.Run;
        var parent = RunTrace.ParentOf(run.TraceParent);
        using var scope = logger.BeginScope(new RunScope(run.Id, run.TraceId));
        using var activity = QxmTelemetry.Dispatch.Source.StartActivity("qxm.dispatch", ActivityKind.Internal, parent);
        activity?.SetTag(QxmTelemetry.Attributes.RunId, run.Id);
        activity?.SetTag(QxmTelemetry.Attributes.Backend, run.Backend);
        activity?.SetTag(QxmTelemetry.Attributes.Tenant, run.Tenant);
        activity?.SetTag(QxmTelemetry.Attributes.Attempt, run.Attempts);
        EngineLog.RunStarted(logger, run.Id, run.Backend, run.Attempts);
        var started = Stopwatch.GetTimestamp();
        QxmTelemetry.Dispatch.ActiveWorkers.Add(1);
        try
        {
            var (outcome, errorKind) = await ExecuteClaimedAsync(claimed, cancellationToken);
            activity?.SetTag(QxmTelemetry.Attributes.Outcome, outcome);
            if (errorKind != QxmTelemetry.Labels.None)
            {
                activity?.SetTag(QxmTelemetry.Attributes.ErrorKind, errorKind);
                activity?.SetStatus(ActivityStatusCode.Error, errorKind);
            }

            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            KeyValuePair<string, object?> backend = new(QxmTelemetry.Labels.Backend, run.Backend);
            KeyValuePair<string, object?> tenant = new(QxmTelemetry.Labels.Tenant, run.Tenant);
            QxmTelemetry.Dispatch.Execution.Record(elapsed, backend, tenant, new(QxmTelemetry.Labels.Outcome, outcome));
            if (outcome is "succeeded" or "failed")
            {
                QxmTelemetry.Backends.Attempts.Add(1, backend, new(QxmTelemetry.Labels.Outcome, outcome), new(QxmTelemetry.Labels.ErrorKind, errorKind));
                RunMetrics.Finished(run, outcome, errorKind, time.GetUtcNow());
            }
        }
        finally
        {
            QxmTelemetry.Dispatch.ActiveWorkers.Add(-1);
            QxmTelemetry.Dispatch.BusyTime.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    /// <summary>The outcome (succeeded, failed or stopped) and the error kind of one execution.</summary>
    private async Task<(string Outcome, string ErrorKind)> ExecuteClaimedAsync(ClaimedRun claimed, CancellationToken cancellationToken)
    {
        var run = claimed.Run;
        if (run.Attempts > options.MaxAttempts)
        {
            return await FailAsync(run, "AttemptsExhausted", $"gave up after {options.MaxAttempts} attempts: the workers running it stopped", cancellationToken);
        }

        var spec = JsonSerializer.Deserialize<ExperimentSpec>(claimed.Experiment.SpecJson, SpecJson.Options)
            ?? throw new InvalidDataException($"experiment {claimed.Experiment.Fingerprint} has an empty spec");
        var (prepared, diagnostics) = ExperimentPreparation.Prepare(spec);
        if (prepared is null)
        {
            return await FailAsync(run, "InvalidExperiment", "the stored experiment no longer prepares: " + string.Join("; ", diagnostics), cancellationToken);
        }

        if (!backends.TryGet(run.Backend, out var backend))
        {
            return await FailAsync(run, nameof(BackendErrorKind.DeviceUnavailable), $"backend '{run.Backend}' is not available in this instance", cancellationToken);
        }

        // The deadline cancels the backend's work like a cancellation does; the simulator checks the token between passes.
        var limit = deadlineFor(run.Tenant);
        using var deadline = new CancellationTokenSource(limit, time);
        using var lease = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        using var tracked = running.Track(run.Id, lease);
        string? jobId = null;
        try
        {
            CalibrationBinding calibration;
            using (var bind = QxmTelemetry.Calibration.Source.StartActivity("qxm.calibration.bind"))
            {
                bind?.SetTag(QxmTelemetry.Attributes.RunId, run.Id);
                calibration = await calibrations.BindAsync(run, backend, lease.Token);
                bind?.SetTag(QxmTelemetry.Attributes.Outcome, calibration.Held ? "held" : "bound");
            }

            if (calibration.Held)
            {
                return ("held", QxmTelemetry.Labels.None);
            }

            using (var call = BackendCall.Start("submit", run))
            {
                jobId = await backend.SubmitAsync(new BackendJob(run.Id, prepared.BoundCircuits, run.Shots, run.Seed ?? 0, spec.Options is { } o ? new BackendRunOptions(o.Threads, o.Precision) : null, calibration.Snapshot), lease.Token);
                call.Succeeded(jobId);
            }

            var heartbeat = HeartbeatAsync(run.Id, lease);
            BackendJobResult result;
            try
            {
                using var call = BackendCall.Start("result", run);
                result = await backend.GetResultAsync(jobId, lease.Token);
                call.Succeeded(jobId);
            }
            finally
            {
                await lease.CancelAsync();
                await heartbeat;
            }

            RunMetrics.Executed(run, prepared, result);
            if (await ingestor.IngestAsync(run, prepared, result, workerId, cancellationToken))
            {
                EngineLog.RunSucceeded(logger, run.Id, result.ExecutionSeconds);
                return ("succeeded", QxmTelemetry.Labels.None);
            }

            // Another attempt recorded the result first: this one changed nothing.
            return ("stopped", QxmTelemetry.Labels.None);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The run was cancelled or the lease lost (another worker owns the run now): stop the backend's work and
            // record nothing; whoever holds the run now records its outcome.
            if (jobId is not null)
            {
                await backend.CancelAsync(jobId, CancellationToken.None);
            }

            if (deadline.IsCancellationRequested)
            {
                return await FailAsync(run, DeadlineExceeded, $"{DeadlineExceeded}: ran longer than its {limit.TotalSeconds:0.###} s deadline and was stopped", cancellationToken);
            }

            EngineLog.RunStopped(logger, run.Id);
            return ("stopped", QxmTelemetry.Labels.None);
        }
        catch (BackendException e)
        {
            return await FailAsync(run, e.Kind.ToString(), $"{e.Kind}: {e.Message}", cancellationToken);
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

    private async Task<(string Outcome, string ErrorKind)> FailAsync(Run run, string errorKind, string reason, CancellationToken cancellationToken)
    {
        if (!await runs.TransitionAsync(run.Id, RunState.Running, RunState.Failed, workerId, reason, cancellationToken))
        {
            return ("stopped", QxmTelemetry.Labels.None);
        }

        EngineLog.RunFailed(logger, run.Id, errorKind, reason);
        return ("failed", errorKind);
    }
}
