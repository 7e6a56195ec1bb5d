using Qxm.Backends.Registry;
using Qxm.Domain.Backends;
using Qxm.Domain.Experiments;
using Qxm.Domain.Runs;
using Qxm.Engine.Api;
using Qxm.Engine.Matching;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Caching;

/// <summary>The run service with the result cache in front of execution: a submission that allows it and matches an
/// earlier run is answered at once (the run returned already Succeeded); everything else passes through.</summary>
internal sealed class CachingRunService(IRunService inner, ResultCache cache) : IRunService
{
    public async Task<SubmitOutcome> SubmitAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        var outcome = await inner.SubmitAsync(experiment, options, cancellationToken);
        if (outcome.Run is not { } run || outcome.Replayed || experiment.Cache == CachePolicy.Never)
        {
            return outcome;
        }

        return await cache.TryAnswerAsync(run, experiment, cancellationToken) is { } answered ? outcome with { Run = answered } : outcome;
    }

    public Task<ValidationOutcome> ValidateAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken) =>
        inner.ValidateAsync(experiment, options, cancellationToken);

    public Task<IReadOnlyList<BackendCandidate>> MatchBackendsAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken) =>
        inner.MatchBackendsAsync(experiment, options, cancellationToken);

    public Task<Run?> GetAsync(string runId, CancellationToken cancellationToken) => inner.GetAsync(runId, cancellationToken);

    public Task<IReadOnlyList<Run>> ListAsync(RunQuery query, CancellationToken cancellationToken) => inner.ListAsync(query, cancellationToken);

    public Task<RunResult?> GetResultAsync(string runId, CancellationToken cancellationToken) => inner.GetResultAsync(runId, cancellationToken);

    public Task<CancelOutcome> CancelAsync(string runId, CancellationToken cancellationToken) => inner.CancelAsync(runId, cancellationToken);

    public Task<IReadOnlyList<BackendInfo>> ListBackendsAsync(CancellationToken cancellationToken) => inner.ListBackendsAsync(cancellationToken);
}
