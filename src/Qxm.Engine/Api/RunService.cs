using Qxm.Backends.Registry;
using Qxm.Domain.Backends;
using Qxm.Domain.Experiments;
using Qxm.Domain.Runs;
using Qxm.Engine.Calibration;
using Qxm.Engine.Diagnostics;
using Qxm.Engine.Dispatch;
using Qxm.Engine.Matching;
using Qxm.Engine.Persistence;
using Qxm.Engine.Submission;

namespace Qxm.Engine.Api;

internal sealed class RunService(
    SubmissionService submission,
    IRunStore runs,
    IResultStore results,
    IBackendRegistry backends,
    RunningRuns running,
    CalibrationBinder calibrations,
    TimeProvider time) : IRunService
{
    public Task<SubmitOutcome> SubmitAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken) =>
        submission.SubmitAsync(experiment, options, cancellationToken);

    public Task<ValidationOutcome> ValidateAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken) =>
        submission.ValidateAsync(experiment, options, cancellationToken);

    public Task<IReadOnlyList<BackendCandidate>> MatchBackendsAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken) =>
        submission.MatchAsync(experiment, options, cancellationToken);

    public async Task<Run?> GetAsync(string runId, CancellationToken cancellationToken) =>
        await runs.GetAsync(runId, cancellationToken) is { } run ? await calibrations.DescribeAsync(run, cancellationToken) : null;

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

    public Task<IReadOnlyList<BackendInfo>> ListBackendsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<BackendInfo>>([.. backends.All.Select(b => b.Info)]);
}
