using Qxm.Client.Errors;
using Qxm.Client.Wire;
using Qxm.Domain.Runs;
using Qxm.Engine.Api;
using Qxm.Engine.Reproduction;

namespace Qxm.Cli.Remote;

/// <summary><see cref="IReproduceService"/> over <c>/api/v1/runs/{id}/reproduce</c> and <c>/comparison</c>.</summary>
internal sealed partial class HttpRunService : IReproduceService
{
    private const string Runs = "api/v1/runs";

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
        try
        {
            return new ReproduceOutcome(ReproduceStatus.Submitted, await _client.SendAsync<Run>(HttpMethod.Post, path, null, cancellationToken));
        }
        catch (QxmApiException e) when (e.Kind is ApiErrorKind.NotFound or ApiErrorKind.Conflict)
        {
            return new ReproduceOutcome(e.Kind == ApiErrorKind.NotFound ? ReproduceStatus.NotFound : ReproduceStatus.NotSucceeded);
        }
    }

    public async Task<ComparisonOutcome> CompareAsync(string rerunId, CancellationToken cancellationToken)
    {
        try
        {
            var comparison = await _client.SendAsync<RunComparison>(HttpMethod.Get, $"{Runs}/{Uri.EscapeDataString(rerunId)}/comparison", null, cancellationToken);
            return new ComparisonOutcome(ComparisonStatus.Compared, comparison);
        }
        catch (QxmApiException e) when (e.Kind is ApiErrorKind.NotFound or ApiErrorKind.Conflict)
        {
            return new ComparisonOutcome(e.Kind == ApiErrorKind.NotFound ? ComparisonStatus.NotFound
                : e.Problem.Type == ProblemTypes.NotAReproduction ? ComparisonStatus.NotAReproduction : ComparisonStatus.NotFinished);
        }
    }
}
