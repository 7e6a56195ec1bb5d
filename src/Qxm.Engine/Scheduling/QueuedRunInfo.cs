namespace Qxm.Engine.Scheduling;

/// <summary>What the policy knows of a queued run. <paramref name="Cost"/> is its expected use of the backend
/// (backend-seconds or shots, one unit throughout), charged to the tenant when it dispatches.</summary>
public readonly record struct QueuedRunInfo(string RunId, string Tenant, PriorityClass Priority, DateTimeOffset EnqueuedAt, long Sequence, double Cost);
