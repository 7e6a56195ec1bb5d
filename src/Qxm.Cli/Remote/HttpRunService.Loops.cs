using Qxm.Client;
using Qxm.Client.Errors;
using Qxm.Client.Wire;
using Qxm.Domain.Experiments;

namespace Qxm.Cli.Remote;

/// <summary>Optimizer loops over <c>/api/v1/loops</c>: the server drives them, the client starts and follows.</summary>
internal sealed partial class HttpRunService
{
    /// <summary>The started loop, or the server's reasons for refusing it.</summary>
    public async Task<(LoopTrace? Loop, IReadOnlyList<Domain.Errors.Diagnostic> Diagnostics)> StartLoopAsync(ExperimentDefinition experiment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        try
        {
            return (await _client.StartLoopAsync(ExperimentSource.Json(ExperimentDocument.ToJson(experiment).ToJsonString()), cancellationToken), []);
        }
        catch (QxmApiException e) when (e.Kind is ApiErrorKind.Invalid or ApiErrorKind.QuotaExceeded)
        {
            return (null, Relocated(DiagnosticsOr(e.Problem, "api.refused"), experiment));
        }
    }

    public async Task<LoopTrace?> GetLoopAsync(string loopId, CancellationToken cancellationToken) =>
        await FoundAsync(_client.GetLoopAsync(loopId, cancellationToken));
}
