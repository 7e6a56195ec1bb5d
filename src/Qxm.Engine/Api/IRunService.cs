using Qxm.Domain.Backends;
using Qxm.Domain.Experiments;
using Qxm.Domain.Runs;
using Qxm.Engine.Matching;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Api;

/// <summary>What clients do with qxm. The engine implements it in-process; the CLI's HTTP client implements it
/// against a running <c>qxm serve</c>, so every command works the same embedded or remote.</summary>
public interface IRunService
{
    Task<SubmitOutcome> SubmitAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken);

    /// <summary>Checks the experiment as submission would (backend choice, circuit, target rules, lint) and stores nothing.</summary>
    Task<ValidationOutcome> ValidateAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken);

    /// <summary>Every backend weighed for the experiment: eligible ones first, the others with the reasons they are excluded.</summary>
    Task<IReadOnlyList<BackendCandidate>> MatchBackendsAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken);

    Task<Run?> GetAsync(string runId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Run>> ListAsync(RunQuery query, CancellationToken cancellationToken);

    Task<RunResult?> GetResultAsync(string runId, CancellationToken cancellationToken);

    Task<CancelOutcome> CancelAsync(string runId, CancellationToken cancellationToken);

    Task<IReadOnlyList<BackendInfo>> ListBackendsAsync(CancellationToken cancellationToken);
}
