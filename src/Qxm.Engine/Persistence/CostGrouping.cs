namespace Qxm.Engine.Persistence;

/// <summary>What a cost report sums by: the backend, the tenant, or the experiment (its fingerprint).</summary>
public enum CostGrouping
{
    Backend,
    Tenant,
    Experiment,
}
