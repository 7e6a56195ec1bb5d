using Qxm.Engine.Retention;

namespace Qxm.Engine.Api;

/// <summary>Garbage collection by the tenants' retention policies (<c>qxm gc</c>, <c>POST /api/v1/admin/gc</c>).</summary>
public interface IRetentionService
{
    /// <summary>One pass: what is due goes (archived, deleted, collected), or with <paramref name="dryRun"/> is only counted.</summary>
    Task<RetentionReport> CollectAsync(bool dryRun, CancellationToken cancellationToken);
}
