using System.Text.Json;
using Qxm.Backends.Contract;
using Qxm.Backends.Registry;
using Qxm.Domain.Runs;
using Qxm.Engine.Calibration;
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
    Func<string, TimeSpan> deadlineFor)
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
                    if (await leases.RequeueExpiredAsync(cancellationToken) > 0)
                    {
                        dispatcher.Invalidate();
                    }

                    nextRequeueCheck = time.GetUtcNow() + options.IdlePoll;
                }

                var claimed = await dispatcher.NextAsync(workerId, cancellationToken);
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
            catch (Exception)
#pragma warning restore CA1031
            {
                await Task.Delay(options.IdlePoll, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Claims and runs at most one queued run; false when the queue was empty. For tests and the embedded CLI.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var claimed = await dispatcher.NextAsync(workerId, cancellationToken);
        if (claimed is null)
        {
            return false;
        }

        await ExecuteAsync(claimed, cancellationToken);
        return true;
    }

    private async Task ExecuteAsync(ClaimedRun claimed, CancellationToken cancellationToken)
    {
        var run = claimed.Run;
        if (run.Attempts > options.MaxAttempts)
        {
            await FailAsync(run, $"gave up after {options.MaxAttempts} attempts: the workers running it stopped", cancellationToken);
            return;
        }

        var spec = JsonSerializer.Deserialize<ExperimentSpec>(claimed.Experiment.SpecJson, SpecJson.Options)
            ?? throw new InvalidDataException($"experiment {claimed.Experiment.Fingerprint} has an empty spec");
        var (prepared, diagnostics) = ExperimentPreparation.Prepare(spec);
        if (prepared is null)
        {
            await FailAsync(run, "the stored experiment no longer prepares: " + string.Join("; ", diagnostics), cancellationToken);
            return;
        }

        if (!backends.TryGet(run.Backend, out var backend))
        {
            await FailAsync(run, $"backend '{run.Backend}' is not available in this instance", cancellationToken);
            return;
        }

        // The deadline cancels the backend's work like a cancellation does; the simulator checks the token between passes.
        var limit = deadlineFor(run.Tenant);
        using var deadline = new CancellationTokenSource(limit, time);
        using var lease = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        using var tracked = running.Track(run.Id, lease);
        string? jobId = null;
        try
        {
            var calibration = await calibrations.BindAsync(run, backend, lease.Token);
            if (calibration.Held)
            {
                return;
            }

            jobId = await backend.SubmitAsync(new BackendJob(run.Id, prepared.BoundCircuits, run.Shots, run.Seed ?? 0, spec.Options is { } o ? new BackendRunOptions(o.Threads, o.Precision) : null, calibration.Snapshot), lease.Token);
            var heartbeat = HeartbeatAsync(run.Id, lease);
            BackendJobResult result;
            try
            {
                result = await backend.GetResultAsync(jobId, lease.Token);
            }
            finally
            {
                await lease.CancelAsync();
                await heartbeat;
            }

            await ingestor.IngestAsync(run, prepared, result, workerId, cancellationToken);
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
                await FailAsync(run, $"{DeadlineExceeded}: ran longer than its {limit.TotalSeconds:0.###} s deadline and was stopped", cancellationToken);
            }
        }
        catch (BackendException e)
        {
            await FailAsync(run, $"{e.Kind}: {e.Message}", cancellationToken);
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

    private async Task FailAsync(Run run, string reason, CancellationToken cancellationToken) =>
        await runs.TransitionAsync(run.Id, RunState.Running, RunState.Failed, workerId, reason, cancellationToken);
}
