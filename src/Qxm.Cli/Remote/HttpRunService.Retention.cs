using Qxm.Engine.Api;
using Qxm.Engine.Retention;

namespace Qxm.Cli.Remote;

/// <summary><see cref="IRetentionService"/> over <c>POST /api/v1/admin/gc</c>.</summary>
internal sealed partial class HttpRunService : IRetentionService
{
    public Task<RetentionReport> CollectAsync(bool dryRun, CancellationToken cancellationToken) =>
        _client.SendAsync<RetentionReport>(HttpMethod.Post, "api/v1/admin/gc" + (dryRun ? "?dryRun=true" : ""), null, cancellationToken);
}
