using Qxm.Engine.Api;
using Qxm.Engine.Retention;

namespace Qxm.Cli.Remote;

/// <summary><see cref="IRetentionService"/> over <c>POST /api/v1/admin/gc</c>.</summary>
internal sealed partial class HttpRunService : IRetentionService
{
    public async Task<RetentionReport> CollectAsync(bool dryRun, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "api/v1/admin/gc" + (dryRun ? "?dryRun=true" : "")), cancellationToken);
        return await ReadAsync<RetentionReport>(response, cancellationToken);
    }
}
