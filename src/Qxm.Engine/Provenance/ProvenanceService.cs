using Qxm.Domain.Provenance;
using Qxm.Engine.Api;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Provenance;

/// <summary>Provenance of the runs <paramref name="visible"/> shows the caller (tenant scope and authorization are its
/// business), completed from the stores; experiment versions of <paramref name="tenant"/> (every tenant's when null).</summary>
internal sealed class ProvenanceService(
    IRunService visible, string? tenant, IRunStore runs, IResultStore results, IRunProvenance? provenance, IExperimentVersions? versions) : IProvenanceService
{
    public async Task<RunProvenance?> GetProvenanceAsync(string runId, CancellationToken cancellationToken)
    {
        if (await visible.GetAsync(runId, cancellationToken) is not { } run)
        {
            return null;
        }

        var experiment = await runs.GetExperimentAsync(run.Fingerprint, cancellationToken);
        var result = await results.GetAsync(runId, cancellationToken);
        var history = await runs.GetHistoryAsync(runId, cancellationToken);
        IReadOnlyList<ExecutionFacts> executions = provenance is null ? [] : await provenance.ListExecutionsAsync(runId, cancellationToken);
        IReadOnlyList<RunLink> links = provenance is null ? [] : await provenance.ListLinksAsync(runId, cancellationToken);
        return ProvenanceBuilder.Build(run, experiment, result, history, executions, links);
    }

    public async Task<IReadOnlyList<ExperimentVersion>> ListVersionsAsync(string? name, int limit, CancellationToken cancellationToken) =>
        versions is null ? [] : await versions.ListVersionsAsync(name, tenant, limit, cancellationToken);
}
