using System.Net;
using Qxm.Domain.Provenance;
using Qxm.Engine.Api;
using Qxm.Engine.Persistence;

namespace Qxm.Cli.Remote;

/// <summary><see cref="IProvenanceService"/> over <c>/api/v1/runs/{id}/provenance</c>.</summary>
internal sealed partial class HttpRunService : IProvenanceService
{
    public async Task<RunProvenance?> GetProvenanceAsync(string runId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, $"{Runs}/{Uri.EscapeDataString(runId)}/provenance"), cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync<RunProvenance>(response, cancellationToken);
    }

    public async Task<IReadOnlyList<ExperimentVersion>> ListVersionsAsync(string? name, int limit, CancellationToken cancellationToken)
    {
        var query = name is null ? $"limit={limit}" : $"name={Uri.EscapeDataString(name)}&limit={limit}";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"api/v1/experiments?{query}"), cancellationToken);
        return await ReadAsync<List<ExperimentVersion>>(response, cancellationToken);
    }
}
