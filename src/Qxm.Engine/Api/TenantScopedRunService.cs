using Qxm.Domain.Backends;
using Qxm.Domain.Experiments;
using Qxm.Domain.Runs;
using Qxm.Engine.Matching;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Api;

/// <summary>One tenant's view of qxm: it lists and finds only that tenant's runs (another tenant's run is "not found"),
/// and submits for that tenant. The API and the CLI serve every request through one of these.</summary>
public sealed class TenantScopedRunService(IRunService inner, string tenant) : IRunService
{
    public string Tenant { get; } = tenant;

    public Task<SubmitOutcome> SubmitAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return inner.SubmitAsync(experiment, options with { Tenant = Tenant }, cancellationToken);
    }

    public Task<ValidationOutcome> ValidateAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return inner.ValidateAsync(experiment, options with { Tenant = Tenant }, cancellationToken);
    }

    public Task<IReadOnlyList<BackendCandidate>> MatchBackendsAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return inner.MatchBackendsAsync(experiment, options with { Tenant = Tenant }, cancellationToken);
    }

    public async Task<Run?> GetAsync(string runId, CancellationToken cancellationToken) =>
        await inner.GetAsync(runId, cancellationToken) is { } run && run.Tenant == Tenant ? run : null;

    public Task<IReadOnlyList<Run>> ListAsync(RunQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return inner.ListAsync(query with { Tenant = Tenant }, cancellationToken);
    }

    public async Task<RunResult?> GetResultAsync(string runId, CancellationToken cancellationToken) =>
        await GetAsync(runId, cancellationToken) is null ? null : await inner.GetResultAsync(runId, cancellationToken);

    public async Task<CancelOutcome> CancelAsync(string runId, CancellationToken cancellationToken) =>
        await GetAsync(runId, cancellationToken) is null ? CancelOutcome.NotFound : await inner.CancelAsync(runId, cancellationToken);

    public Task<IReadOnlyList<BackendInfo>> ListBackendsAsync(CancellationToken cancellationToken) => inner.ListBackendsAsync(cancellationToken);
}
