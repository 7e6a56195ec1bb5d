using Qxm.Domain.Runs;

namespace Qxm.Engine.Persistence;

/// <summary>Runs, their lifecycle history and the experiment versions they run.</summary>
public interface IRunStore
{
    /// <summary>Stores the experiment version (if new), the run and its transitions in one transaction, if the run
    /// fits the tenant's limits and its idempotency key is new; otherwise stores nothing and says why.</summary>
    Task<CreateOutcome> CreateAsync(NewRun newRun, AdmissionLimits limits, CancellationToken cancellationToken);

    Task<Run?> GetAsync(string runId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Run>> ListAsync(RunQuery query, CancellationToken cancellationToken);

    /// <summary>Moves a run from <paramref name="expected"/> to <paramref name="target"/> if it is still in <paramref name="expected"/>;
    /// false when another actor moved it first.</summary>
    Task<bool> TransitionAsync(string runId, RunState expected, RunState target, string actor, string? reason, CancellationToken cancellationToken);

    Task<IReadOnlyList<RunTransition>> GetHistoryAsync(string runId, CancellationToken cancellationToken);

    Task<ExperimentVersion?> GetExperimentAsync(string fingerprint, CancellationToken cancellationToken);
}
