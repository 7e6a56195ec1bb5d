using Qxm.Domain.Tenancy;

namespace Qxm.Engine.Api;

/// <param name="QueuedRuns">Runs of the tenant waiting now, against <see cref="Tenant.MaxQueuedRuns"/>.</param>
/// <param name="RecentUsage">Shots dispatched recently, decayed with the scheduler's half-life: what fair share compares.</param>
public sealed record TenantStatus(Tenant Tenant, int QueuedRuns, double RecentUsage);
