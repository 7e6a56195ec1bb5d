using System.Net;
using Qxm.Domain.Provenance;
using Qxm.Engine.Api;

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
}
