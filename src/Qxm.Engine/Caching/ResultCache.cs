using Qxm.Backends.Contract;
using Qxm.Backends.Registry;
using Qxm.Domain.Experiments;
using Qxm.Domain.Runs;
using Qxm.Engine.Persistence;
using Qxm.Engine.Provenance;

namespace Qxm.Engine.Caching;

/// <summary>Answers a just-queued run from an identical earlier run's result: same tenant, fingerprint (which covers the
/// circuit, sweep, shots, backend and seed), target version, and for hardware the same calibration. A simulator's run is
/// answered only when the experiment set its seed (an unseeded one asks for fresh randomness); hardware only under
/// <see cref="CachePolicy.AllowHardware"/>. The answer moves the run Queued → Running → Succeeded as <c>cache</c>, with
/// the earlier run's result and a <c>cached-from</c> link; a worker that claims the run first simply runs it.</summary>
internal sealed class ResultCache(
    IRunStore runs, IResultStore results, IRunProvenance? provenance, CalibrationStores? calibration, IBackendRegistry backends, TimeProvider time)
{
    public const string Actor = "cache";
    public const string CachedFrom = "cached-from";
    public const string Answered = "answered";

    /// <summary>How many earlier runs of the fingerprint are weighed, newest first.</summary>
    private const int Candidates = 20;

    public async Task<Run?> TryAnswerAsync(Run run, ExperimentDefinition experiment, CancellationToken cancellationToken)
    {
        if (experiment.Cache == CachePolicy.Never || provenance is null || run.State != RunState.Queued || !backends.TryGet(run.Backend, out var backend))
        {
            return null;
        }

        var simulator = backend.Info.Kind.EndsWith("simulator", StringComparison.Ordinal);
        if (simulator ? experiment.Seed is null : experiment.Cache != CachePolicy.AllowHardware)
        {
            return null;
        }

        var targetVersion = ExecutionRecorder.TargetVersion(backend.Info.Target);
        var earlier = await runs.ListAsync(
            new RunQuery(State: RunState.Succeeded, Backend: run.Backend, Limit: Candidates, Tenant: run.Tenant) { Fingerprint = run.Fingerprint },
            cancellationToken);
        foreach (var candidate in earlier.Where(c => c.Id != run.Id && c.Shots == run.Shots && c.Seed == run.Seed))
        {
            var executions = await provenance.ListExecutionsAsync(candidate.Id, cancellationToken);
            if (executions.Count == 0 || executions[^1].TargetVersion != targetVersion || !RanInPrecision(executions[^1], experiment.Options?.Precision)
                || (!simulator && !await CalibrationUnchangedAsync(candidate, backend, cancellationToken))
                || await results.GetAsync(candidate.Id, cancellationToken) is not { } result)
            {
                continue;
            }

            if (!await runs.TransitionAsync(run.Id, RunState.Queued, RunState.Running, Actor, $"answered from {candidate.Id}", cancellationToken))
            {
                return null;
            }

            await results.CompleteAsync(new RunResult(run.Id, run.Shots, result.Points, 0, result.ArtifactHash), Actor, cancellationToken);
            await provenance.LinkAsync(run.Id, CachedFrom, candidate.Id, Answered, time.GetUtcNow(), null, cancellationToken);
            return await runs.GetAsync(run.Id, cancellationToken);
        }

        return null;
    }

    /// <summary>False when the run asks for a precision the candidate did not run in. The fingerprint has no line for
    /// double, and a backend's default may be single (sim.noisy's trajectories), so an experiment asking for double must
    /// not be answered by one that left the choice to the backend and ran in single.</summary>
    private static bool RanInPrecision(Domain.Provenance.ExecutionFacts execution, string? asked) =>
        asked is null || !execution.Simulation.TryGetValue("precision", out var ran) || string.Equals(ran, asked, StringComparison.Ordinal);

    /// <summary>True when every snapshot recorded for the backend since the candidate's is the candidate's.</summary>
    private async Task<bool> CalibrationUnchangedAsync(Run candidate, IBackend backend, CancellationToken cancellationToken)
    {
        if (backend is not ICalibrationSource)
        {
            return true;
        }

        if (calibration is null || await calibration.History.GetRunCalibrationAsync(candidate.Id, cancellationToken) is not { } bound)
        {
            return false;
        }

        var since = await calibration.History.ListAsync(backend.Info.Id, bound.TakenAt, null, 100, cancellationToken);
        return since.All(r => r.Hash == bound.Hash);
    }
}
