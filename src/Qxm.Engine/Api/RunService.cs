using Qxm.Backends.Registry;
using Qxm.Domain.Backends;
using Qxm.Domain.Experiments;
using Qxm.Domain.Runs;
using Qxm.Engine.Calibration;
using Qxm.Engine.Diagnostics;
using Qxm.Engine.Dispatch;
using Qxm.Engine.Matching;
using Qxm.Engine.Persistence;
using Qxm.Engine.Resilience;
using Qxm.Engine.Submission;

namespace Qxm.Engine.Api;

internal sealed class RunService(
    SubmissionService submission,
    IRunStore runs,
    IResultStore results,
    IBackendJobs jobs,
    IBackendControls controls,
    IBackendRegistry backends,
    BackendHealthBoard health,
    RunningRuns running,
    CalibrationBinder calibrations,
    TimeProvider time,
    IRunFailovers? failovers = null) : IRunService
{
    public Task<SubmitOutcome> SubmitAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken) =>
        submission.SubmitAsync(experiment, options, cancellationToken);

    public Task<ValidationOutcome> ValidateAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken) =>
        submission.ValidateAsync(experiment, options, cancellationToken);

    public Task<IReadOnlyList<BackendCandidate>> MatchBackendsAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken) =>
        submission.MatchAsync(experiment, options, cancellationToken);

    /// <summary>The run with what it records about calibration, its backend job and every call made to its backend.</summary>
    public async Task<Run?> GetAsync(string runId, CancellationToken cancellationToken)
    {
        if (await runs.GetAsync(runId, cancellationToken) is not { } run)
        {
            return null;
        }

        var job = await jobs.GetJobAsync(runId, cancellationToken);
        return await calibrations.DescribeAsync(run, cancellationToken) with
        {
            BackendJobId = job?.JobId,
            BackendAttempts = await jobs.ListAttemptsAsync(runId, cancellationToken),
            Failover = failovers is null ? null : await failovers.GetFailoverAsync(runId, cancellationToken),
        };
    }

    public Task<IReadOnlyList<Run>> ListAsync(RunQuery query, CancellationToken cancellationToken) => runs.ListAsync(query, cancellationToken);

    public Task<RunResult?> GetResultAsync(string runId, CancellationToken cancellationToken) => results.GetAsync(runId, cancellationToken);

    public async Task<CancelOutcome> CancelAsync(string runId, CancellationToken cancellationToken)
    {
        // The run may move while we look at it (a worker claims it); retry on the state we then see.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var run = await runs.GetAsync(runId, cancellationToken);
            if (run is null)
            {
                return CancelOutcome.NotFound;
            }

            if (RunLifecycle.IsTerminal(run.State) || !RunLifecycle.CanTransition(run.State, RunState.Cancelled))
            {
                return CancelOutcome.AlreadyFinished;
            }

            if (await runs.TransitionAsync(runId, run.State, RunState.Cancelled, "api", "cancelled by request", cancellationToken))
            {
                running.Cancel(runId);
                RunMetrics.Finished(run, "cancelled", QxmTelemetry.Labels.None, time.GetUtcNow());
                return CancelOutcome.Cancelled;
            }
        }

        return CancelOutcome.AlreadyFinished;
    }

    /// <summary>Each backend with its breaker state, any operator's drain or hold, and its runs in flight here.</summary>
    public async Task<IReadOnlyList<BackendInfo>> ListBackendsAsync(CancellationToken cancellationToken)
    {
        var held = (await controls.ListAsync(cancellationToken)).ToDictionary(c => c.Backend, StringComparer.Ordinal);
        return [.. backends.All.Select(b => b.Info with
        {
            Health = health.Get(b.Info.Id),
            Control = held.GetValueOrDefault(b.Info.Id),
            InFlight = running.CountOn(b.Info.Id),
        })];
    }
}
