using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Qxm.Engine.Diagnostics;
using Qxm.Engine.Persistence;
using Qxm.Engine.Resilience;

namespace Qxm.Engine.Dispatch;

/// <summary>Follows runs whose jobs wait in a remote backend's queue, without holding a worker: each run is a task that
/// sleeps on the clock between polls, so thousands can wait at once. The process holds their leases under one owner
/// and renews them all with one statement; if the process dies, the leases expire, the runs are requeued, and whoever
/// claims them next finds the job by its idempotency key instead of submitting again.</summary>
internal sealed partial class RemoteJobs(
    string owner,
    IBackendJobs jobs,
    BackendCalls calls,
    RunOutcomes outcomes,
    RunningRuns running,
    EngineOptions options,
    TimeProvider time,
    ILogger logger) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private Task? _renewal;
    private int _disposed;

    /// <summary>Takes the run over from the worker that claimed it and follows it to its end. Completes when the run
    /// has ended (or this process stops following it); the worker need not wait for it.</summary>
    public async Task<RunOutcome> FollowAsync(DispatchedRun run, string workerId, CancellationToken cancellationToken)
    {
        if (!await jobs.HandOverAsync(run.Run.Id, workerId, owner, cancellationToken))
        {
            return RunOutcome.Stopped;
        }

        var started = Stopwatch.GetTimestamp();
        var outcome = await FollowHandedOverAsync(run, cancellationToken);
        QxmTelemetry.Dispatch.Execution.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
            new(QxmTelemetry.Labels.Backend, run.Run.Backend), new(QxmTelemetry.Labels.Tenant, run.Run.Tenant), new(QxmTelemetry.Labels.Outcome, outcome.Outcome));
        return outcome;
    }

    private async Task<RunOutcome> FollowHandedOverAsync(DispatchedRun run, CancellationToken cancellationToken)
    {
        EnsureRenewing();
        using var lease = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        using var tracked = running.Track(run.Run.Id, run.Backend.Info.Id, lease);
        string? jobId = null;
        try
        {
            jobId = await calls.SubmitOnceAsync(run, lease.Token);
            var result = await calls.AwaitResultAsync(run, jobId, lease.Token);
            return await outcomes.CompleteAsync(run, jobId, result, owner, CancellationToken.None);
        }
        catch (OperationCanceledException) when (lease.IsCancellationRequested && !cancellationToken.IsCancellationRequested && !_stop.IsCancellationRequested)
        {
            // Cancelled through this process: stop the job at the backend too.
            if (jobId is not null)
            {
                await calls.CancelAsync(run, jobId);
            }

            return RunOutcome.Stopped;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || _stop.IsCancellationRequested)
        {
            // The process is stopping: the lease runs out and another instance resumes the run from its stored job id.
            return RunOutcome.Stopped;
        }
        catch (AttemptFencedException e)
        {
            // Its lease lapsed and another attempt holds the run: that one carries it on; this one stops without a trace.
            LogFenced(logger, e.RunId, e.Attempt);
            return RunOutcome.Stopped;
        }
        catch (BackendCallException e)
        {
            return await outcomes.FailAsync(run.Run, owner, e.Failure.Kind, e.Failure.Message, CancellationToken.None);
        }
#pragma warning disable CA1031 // A follower is a process-level loop of its own: a bug is logged, the run left to its lease.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogUnexpected(logger, run.Run.Id, e);
            return RunOutcome.Stopped;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stop.Cancel();
            _stop.Dispose();
        }
    }

    private void EnsureRenewing()
    {
        lock (_gate)
        {
            _renewal ??= RenewAsync(_stop.Token);
        }
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Lease / 3, time, cancellationToken);
                await jobs.RenewAllAsync(owner, options.Lease, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Renewal retries on its next beat; a store hiccup must not end it.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogRenewalFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "following run {RunId} stopped on an unexpected error; its lease will expire and it will be resumed")]
    private static partial void LogUnexpected(ILogger logger, string runId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "attempt {Attempt} of run {RunId} was fenced: its lease lapsed and another attempt holds the run, so it made no submit")]
    private static partial void LogFenced(ILogger logger, string runId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "renewing the leases of remote runs failed; retrying at the next beat")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception);
}
