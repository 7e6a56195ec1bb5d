using System.Net;
using System.Text;
using Qxm.Domain.Experiments;
using Qxm.Engine.Api;
using Qxm.Server.Endpoints;

namespace Qxm.Cli.Remote;

/// <summary>Optimizer loops over <c>/api/v1/loops</c>: the server drives them, the client starts and follows.</summary>
internal sealed partial class HttpRunService
{
    private const string Loops = "api/v1/loops";

    /// <summary>The started loop, or the server's reasons for refusing it.</summary>
    public async Task<(LoopTrace? Loop, IReadOnlyList<Domain.Errors.Diagnostic> Diagnostics)> StartLoopAsync(ExperimentDefinition experiment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        var body = ExperimentDocument.ToJson(experiment).ToJsonString();
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, Loops) { Content = new StringContent(body, Encoding.UTF8, "application/json") }, cancellationToken);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden or HttpStatusCode.RequestEntityTooLarge)
        {
            var problem = await ReadProblemAsync(response, cancellationToken);
            return (null, Relocated(problem.DiagnosticsOr("api.refused"), experiment));
        }

        return (await ReadAsync<LoopTrace>(response, cancellationToken), []);
    }

    public async Task<LoopTrace?> GetLoopAsync(string loopId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"{Loops}/{Uri.EscapeDataString(loopId)}"), cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync<LoopTrace>(response, cancellationToken);
    }
}
