using System.Globalization;
using Qxm.Engine.Api;
using Qxm.Server.Endpoints;

namespace Qxm.Cli.Remote;

/// <summary><see cref="ICalibrationService"/> over <c>/api/v1/backends/{id}/calibration</c>.</summary>
internal sealed partial class HttpRunService : ICalibrationService
{
    public async Task<CalibrationReport?> GetCalibrationAsync(string backend, DateTimeOffset? since, int? qubit, CancellationToken cancellationToken)
    {
        var parameters = new List<string>();
        if (since is { } from)
        {
            parameters.Add("since=" + Uri.EscapeDataString(from.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)));
        }

        if (qubit is { } q)
        {
            parameters.Add("qubit=" + q.ToString(CultureInfo.InvariantCulture));
        }

        var path = $"api/v1/backends/{Uri.EscapeDataString(backend)}/calibration" + (parameters.Count > 0 ? "?" + string.Join('&', parameters) : "");
        return await FoundAsync(_client.SendAsync<CalibrationReport>(HttpMethod.Get, path, null, cancellationToken));
    }

    /// <remarks>The server releases the runs of the tenant the request acts in, whatever <paramref name="tenant"/> says.</remarks>
    public async Task<int?> ReleaseHeldAsync(string backend, string? runId, string? tenant, string actor, CancellationToken cancellationToken)
    {
        var path = $"api/v1/backends/{Uri.EscapeDataString(backend)}/calibration/release" + (runId is null ? "" : "?run=" + Uri.EscapeDataString(runId));
        return (await FoundAsync(_client.SendAsync<ReleaseResult>(HttpMethod.Post, path, null, cancellationToken)))?.Released;
    }
}
