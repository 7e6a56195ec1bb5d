using Qxm.Backends.Contract;
using Qxm.Domain.Backends;
using Qxm.Domain.Runs;
using Qxm.Engine.Diagnostics;
using Qxm.Engine.Persistence;
using Qxm.Engine.Resilience;

namespace Qxm.Engine.Dispatch;

/// <summary>A run's calls to its backend through the resilience pipeline, each failure recorded on the run. Submission
/// is exactly-once: the idempotency key is stored before the first call, the job id as soon as it is known, and a
/// submit whose answer may have been lost (a timeout, a crash, a 5xx) is followed by a lookup by key, never by a
/// second blind submit.</summary>
internal sealed class BackendCalls(BackendPipelines pipelines, IBackendJobs jobs, IArtifactStore artifacts, ResilienceOptions options, TimeProvider time)
{
    /// <summary>Consecutive rounds of expired credentials, each after its refresh, before the run fails: a refresh that
    /// does not help means the credentials are bad, and a poison run must not loop.</summary>
    private const int MaxAuthRounds = 3;

    /// <summary>Fences every submit call by the run's attempt number (migration 0019); null leaves them unfenced.</summary>
    public ISubmitFence? Fence { get; init; }

    public async Task<string> SubmitOnceAsync(DispatchedRun run, CancellationToken cancellationToken)
    {
        var key = run.IdempotencyKey;
        var record = await jobs.BeginAsync(run.Run.Id, run.Backend.Info.Id, key, cancellationToken);
        if (record.JobId is { } known)
        {
            return known;
        }

        // A claim after the first may follow a process that died after the backend accepted the job, or one whose lease
        // lapsed while its submit call was in flight: that call is waited out before anything is looked up or sent.
        if (await AwaitEarlierSubmitAsync(run, cancellationToken) is { } earlier)
        {
            await jobs.RecordJobIdAsync(run.Run.Id, run.Backend.Info.Id, earlier.JobId, cancellationToken);
            await RecordAsync(run.Run.Id, new BackendAttempt(0, time.GetUtcNow(), "submit", "ok", earlier.JobId, earlier.How), cancellationToken);
            return earlier.JobId;
        }

        var mayHaveSubmitted = run.Run.Attempts > 1;
        var foundByKey = false;
        var jobId = await PersistAsync(run, "submit", null, async token =>
        {
            if (mayHaveSubmitted && await run.Backend.FindJobAsync(key, token) is { } found)
            {
                foundByKey = true;
                return found;
            }

            // Each call is marked under the attempt's number: an attempt whose claim was taken over makes no call.
            if (Fence is { } fence && (await fence.MarkSubmitAsync(run.Run.Id, run.Backend.Info.Id, run.Run.Attempts, token)).Fenced)
            {
                throw new AttemptFencedException(run.Run.Id, run.Run.Attempts);
            }

            mayHaveSubmitted = true;
            try
            {
                return await run.Backend.SubmitAsync(run.Job, key, token);
            }
            catch (BackendException e) when (e.Kind != BackendErrorKind.Transient)
            {
                // Refused with an answer: nothing was accepted.
                mayHaveSubmitted = false;
                throw;
            }
        }, cancellationToken);
        await jobs.RecordJobIdAsync(run.Run.Id, run.Backend.Info.Id, jobId, cancellationToken);
        var message = foundByKey ? "the backend already had the job: found by its idempotency key" : null;
        if (run.Job.VendorSession is { } session)
        {
            message = (message is null ? "" : message + "; ") + $"in the vendor's session {session}";
        }

        await RecordAsync(run.Run.Id, new BackendAttempt(0, time.GetUtcNow(), "submit", "ok", jobId, message), cancellationToken);
        return jobId;
    }

    /// <summary>The job of an earlier attempt's submit call that may still have been in flight when this attempt claimed
    /// the run: waited out to the end of that call's time limit, then read from the store (that attempt recorded it) or
    /// found at the backend by key; null when there was no such call or it made no job. The first attempt has no earlier
    /// one: it marks only its calls (in <see cref="SubmitOnceAsync"/>), once each.</summary>
    private async Task<(string JobId, string How)?> AwaitEarlierSubmitAsync(DispatchedRun run, CancellationToken cancellationToken)
    {
        if (Fence is not { } fence || run.Run.Attempts <= 1)
        {
            return null;
        }

        var mark = await fence.MarkSubmitAsync(run.Run.Id, run.Backend.Info.Id, run.Run.Attempts, cancellationToken);
        if (mark.Fenced)
        {
            throw new AttemptFencedException(run.Run.Id, run.Run.Attempts);
        }

        if (mark is not { EarlierAttempt: { } attempt, EarlierBeganAt: { } began })
        {
            return null;
        }

        var inFlight = began + options.AttemptTimeout - time.GetUtcNow();
        if (inFlight > TimeSpan.Zero)
        {
            await Task.Delay(inFlight, time, cancellationToken);
        }

        if ((await jobs.GetJobAsync(run.Run.Id, cancellationToken))?.JobId is { } recorded)
        {
            return (recorded, $"attempt {attempt}'s submit, in flight when its lease lapsed, made the job: taken over, not submitted again");
        }

        var found = await PersistAsync(run, "find", null, token => run.Backend.FindJobAsync(run.IdempotencyKey, token), cancellationToken);
        return found is null ? null : (found, $"attempt {attempt}'s submit, in flight when its lease lapsed, made the job: found by its idempotency key");
    }

    /// <summary>Submits to an in-process backend: its job dies with the process, so there is nothing to find again after
    /// a crash and nothing to store before the call; failures are still recorded on the run. The key names the claim,
    /// so a run requeued within this process never meets the job its earlier claim cancelled.</summary>
    public Task<string> SubmitInProcessAsync(DispatchedRun run, CancellationToken cancellationToken) =>
        PersistAsync(run, "submit", null, token => run.Backend.SubmitAsync(run.Job, $"{run.IdempotencyKey}#{run.Run.Attempts}", token), cancellationToken);

    /// <summary>Polls a remote job until it finishes, waiting as long as the backend estimates, and fetches its result.</summary>
    public async Task<BackendJobResult> AwaitResultAsync(DispatchedRun run, string jobId, CancellationToken cancellationToken)
    {
        var interval = options.MinPollInterval;
        while (true)
        {
            var state = await PersistAsync(run, "status", jobId, token => run.Backend.GetStatusAsync(jobId, token), cancellationToken);
            switch (state.Status)
            {
                case BackendJobStatus.Completed:
                    var result = await PersistAsync(run, "result", jobId, token => run.Backend.GetResultAsync(jobId, token), cancellationToken);
                    await RecordAsync(run.Run.Id, new BackendAttempt(0, time.GetUtcNow(), "result", "ok", jobId, null), cancellationToken);
                    return result;
                case BackendJobStatus.Failed or BackendJobStatus.Cancelled:
                    throw await FailedAsync(run, "status", jobId, BackendErrorKind.Fatal,
                        $"the backend reports the job {state.Status.ToString().ToLowerInvariant()}{(state.Message is null ? "" : ": " + state.Message)}", cancellationToken);
            }

            var now = time.GetUtcNow();
            var wait = state.EstimatedReadyAt is { } readyAt ? Clamp(readyAt - now) : interval;
            interval = Clamp(interval * 2);
            if (now + wait > run.Deadline)
            {
                throw await FailedAsync(run, "status", jobId, BackendErrorKind.DeviceUnavailable,
                    $"the job was still {state.Status.ToString().ToLowerInvariant()} at the run's deadline", cancellationToken);
            }

            await Task.Delay(wait, time, cancellationToken);
        }
    }

    /// <summary>The backend's current calibration, asked through the pipeline like any call (a vendor's calibration is a
    /// call that may be rate limited or fail), its failures recorded on the run.</summary>
    public Task<CalibrationSnapshot> CalibrationAsync(DispatchedRun run, CancellationToken cancellationToken) =>
        run.Backend is ICalibrationSource source
            ? PersistAsync(run, "calibration", null, source.GetCalibrationAsync, cancellationToken)
            : throw new InvalidOperationException($"{run.Backend.Info.Id} reports no calibration");

    /// <summary>Stops the job at the backend: best effort, once, recorded.</summary>
    public async Task CancelAsync(DispatchedRun run, string jobId)
    {
        try
        {
            await pipelines.ExecuteAsync(run.Backend, Traced(run, "cancel", jobId, async token =>
            {
                await run.Backend.CancelAsync(jobId, token);
                return true;
            }), failure => RecordFailureAsync(run.Run.Id, "cancel", jobId, failure, CancellationToken.None), CancellationToken.None);
            await RecordAsync(run.Run.Id, new BackendAttempt(0, time.GetUtcNow(), "cancel", "ok", jobId, null), CancellationToken.None);
        }
        catch (BackendCallException)
        {
            // Already recorded; the run is cancelled in qxm whatever the backend does with the job.
        }
    }

    /// <summary>Records a failure found outside a call (the result failed its checks) and returns it to throw.</summary>
    public async Task<BackendCallException> FailedAsync(
        DispatchedRun run, string operation, string? jobId, BackendErrorKind kind, string message, CancellationToken cancellationToken, ReadOnlyMemory<byte>? raw = null)
    {
        var failure = new BackendFailure(kind, message, false, null, raw);
        await RecordFailureAsync(run.Run.Id, operation, jobId, failure, cancellationToken);
        return new BackendCallException(failure, new BackendException(kind, message));
    }

    /// <summary>Calls until the call succeeds, fails for good (a kind retrying cannot cure) or the run's deadline passes.
    /// Between pipeline executions the run waits as the backend asked, or the longest backoff.</summary>
    /// <summary>Whether a run whose backend is unavailable should stop retrying and fail over; null when failover is off.</summary>
    public Func<Run, CancellationToken, Task<bool>>? GiveUpForFailover { get; set; }

    private async Task<T> PersistAsync<T>(DispatchedRun run, string operation, string? jobId, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var authRounds = 0;
        while (true)
        {
            try
            {
                return await pipelines.ExecuteAsync(run.Backend, Traced(run, operation, jobId, call), failure => RecordFailureAsync(run.Run.Id, operation, jobId, failure, cancellationToken), cancellationToken);
            }
            catch (BackendCallException e) when (e.Failure.IsRetryable)
            {
                // Nothing was accepted and the backend has been out past the failover threshold: stop waiting on it, so
                // the run can move to an approved alternative (a run with none goes on waiting to its deadline).
                if (jobId is null && e.Failure.Kind == BackendErrorKind.DeviceUnavailable && GiveUpForFailover is { } giveUp
                    && await giveUp(run.Run, cancellationToken))
                {
                    throw;
                }

                authRounds = e.Failure.Kind == BackendErrorKind.AuthExpired ? authRounds + 1 : 0;
                // Never less than the first backoff step, whatever the answer said: no run retries in a tight loop.
                var pause = TimeSpan.FromTicks(Math.Max((e.Failure.RetryAfter ?? options.MaxRetryDelay).Ticks, options.RetryDelay.Ticks));
                if (authRounds >= MaxAuthRounds || time.GetUtcNow() + pause > run.Deadline)
                {
                    throw;
                }

                QxmTelemetry.Backends.Retries.Add(1, new(QxmTelemetry.Labels.Backend, run.Run.Backend), new(QxmTelemetry.Labels.ErrorKind, e.Failure.Kind.ToString()));

                await Task.Delay(pause, time, cancellationToken);
            }
        }
    }

    /// <summary>Each attempt the pipeline makes is its own span and duration sample, so retries show in the trace.</summary>
    private static Func<CancellationToken, Task<T>> Traced<T>(DispatchedRun run, string operation, string? jobId, Func<CancellationToken, Task<T>> call) =>
        async token =>
        {
            using var traced = BackendCall.Start(operation, run.Run);
            var answer = await call(token);
            traced.Succeeded(jobId ?? answer as string);
            return answer;
        };

    private async ValueTask RecordFailureAsync(string runId, string operation, string? jobId, BackendFailure failure, CancellationToken cancellationToken)
    {
        var artifact = failure.RawAnswer is { } raw ? await artifacts.PutAsync(raw, cancellationToken) : null;
        await RecordAsync(runId, new BackendAttempt(0, time.GetUtcNow(), operation, failure.Kind.ToString(), jobId, failure.Message, failure.Local, artifact), cancellationToken);
    }

    private Task RecordAsync(string runId, BackendAttempt attempt, CancellationToken cancellationToken) =>
        jobs.RecordAttemptAsync(runId, attempt, cancellationToken);

    private TimeSpan Clamp(TimeSpan wait) =>
        wait < options.MinPollInterval ? options.MinPollInterval : wait > options.MaxPollInterval ? options.MaxPollInterval : wait;
}
