namespace Qxm.Engine.Api;

/// <param name="Position">1-based place in its backend's predicted dispatch order.</param>
/// <param name="EstimatedStart">When the run is expected to start: the recent mean run time on the backend times the runs
/// ahead of it, spread over the workers. An estimate, not a promise.</param>
public sealed record QueueEntry(int Position, string RunId, string Tenant, string Priority, string Backend, DateTimeOffset EstimatedStart, string Reason);
