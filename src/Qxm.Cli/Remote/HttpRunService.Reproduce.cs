using System.Net;
using Qxm.Domain.Runs;
using Qxm.Engine.Api;
using Qxm.Engine.Reproduction;

namespace Qxm.Cli.Remote;

/// <summary><see cref="IReproduceService"/> over <c>/api/v1/runs/{id}/reproduce</c> and <c>/comparison</c>.</summary>
internal sealed partial class HttpRunService : IReproduceService
{
    public async Task<ReproduceOutcome> ReproduceAsync(string runId, string? backend, int? shots, CancellationToken cancellationToken)
    {
        var parameters = new List<string>();
        if (backend is not null)
        {
            parameters.Add("backend=" + Uri.EscapeDataString(backend));
        }

        if (shots is { } n)
        {
            parameters.Add("shots=" + n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var path = $"{Runs}/{Uri.EscapeDataString(runId)}/reproduce" + (parameters.Count > 0 ? "?" + string.Join('&', parameters) : "");
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, path), cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.NotFound => new ReproduceOutcome(ReproduceStatus.NotFound),
            HttpStatusCode.Conflict => new ReproduceOutcome(ReproduceStatus.NotSucceeded),
            _ => new ReproduceOutcome(ReproduceStatus.Submitted, await ReadAsync<Run>(response, cancellationToken)),
        };
    }

    public async Task<ComparisonOutcome> CompareAsync(string rerunId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, $"{Runs}/{Uri.EscapeDataString(rerunId)}/comparison"), cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.NotFound => new ComparisonOutcome(ComparisonStatus.NotFound),
            HttpStatusCode.Conflict => new ComparisonOutcome(ComparisonStatus.NotFinished),
            _ => new ComparisonOutcome(ComparisonStatus.Compared, await ReadAsync<RunComparison>(response, cancellationToken)),
        };
    }
}
