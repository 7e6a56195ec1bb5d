namespace Qxm.Engine.Persistence;

/// <param name="Sequence">The store's insertion order: submission order, and the cursor for incremental reads.</param>
/// <param name="Cost">Expected use of the backend in shots (shots × sweep points), charged to the tenant on dispatch.</param>
public sealed record QueuedRun(string RunId, string Tenant, string Backend, string Priority, DateTimeOffset QueuedAt, long Sequence, double Cost);
