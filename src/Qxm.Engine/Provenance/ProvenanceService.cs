using Qxm.Domain.Provenance;
using Qxm.Engine.Api;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Provenance;

/// <summary>Provenance of the runs <paramref name="visible"/> shows the caller (tenant scope and authorization are its
/// business), completed from the stores.</summary>
internal sealed class ProvenanceService(IRunService visible, IRunStore runs, IResultStore results, IRunProvenance? provenance) : IProvenanceService
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
}
