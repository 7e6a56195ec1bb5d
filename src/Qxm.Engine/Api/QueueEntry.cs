namespace Qxm.Engine.Api;

/// <param name="Position">1-based place in its backend's predicted dispatch order.</param>
/// <param name="EstimatedStart">When the run is expected to start: the recent mean run time on the backend times the runs
/// ahead of it, spread over the workers. An estimate, not a promise.</param>
/// <param name="RunId">Null for another tenant's run: the caller sees its place, not what it is.</param>
/// <param name="Tenant">Null for another tenant's run.</param>
public sealed record QueueEntry(int Position, string? RunId, string? Tenant, string Priority, string Backend, DateTimeOffset EstimatedStart, string Reason)
{
    /// <summary>This entry as another tenant sees it: its place and estimate, not whose run it is or why it stands there.</summary>
    public QueueEntry Redacted() => this with { RunId = null, Tenant = null, Reason = "another tenant's run" };
}
