using System.Globalization;
using Qxm.Engine.Api;
using Qxm.Engine.Persistence;

namespace Qxm.Cli.Remote;

/// <summary><see cref="ICostReports"/> over <c>/api/v1/costs</c>.</summary>
internal sealed partial class HttpRunService : ICostReports
{
    public async Task<IReadOnlyList<CostLine>> ListCostsAsync(CostQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new List<string> { "by=" + query.By.ToString().ToLowerInvariant() };
        if (query.Tenant is { } tenant)
        {
            parameters.Add("tenant=" + Uri.EscapeDataString(tenant));
        }

        if (query.Since is { } since)
        {
            parameters.Add("since=" + Uri.EscapeDataString(since.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)));
        }

        return await _client.SendAsync<List<CostLine>>(HttpMethod.Get, "api/v1/costs?" + string.Join('&', parameters), null, cancellationToken);
    }
}
