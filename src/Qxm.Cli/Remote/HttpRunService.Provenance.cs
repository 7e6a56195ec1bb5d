using Qxm.Domain.Provenance;
using Qxm.Engine.Api;
using Qxm.Engine.Persistence;

namespace Qxm.Cli.Remote;

/// <summary><see cref="IProvenanceService"/> over <c>/api/v1/runs/{id}/provenance</c>.</summary>
internal sealed partial class HttpRunService : IProvenanceService
{
    public async Task<RunProvenance?> GetProvenanceAsync(string runId, CancellationToken cancellationToken) =>
        await FoundAsync(_client.GetProvenanceAsync(runId, cancellationToken));

    public async Task<IReadOnlyList<ExperimentVersion>> ListVersionsAsync(string? name, int limit, CancellationToken cancellationToken)
    {
        var query = name is null ? $"limit={limit}" : $"name={Uri.EscapeDataString(name)}&limit={limit}";
        return await _client.SendAsync<List<ExperimentVersion>>(HttpMethod.Get, $"api/v1/experiments?{query}", null, cancellationToken);
    }
}
