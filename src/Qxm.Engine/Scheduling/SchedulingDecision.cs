namespace Qxm.Engine.Scheduling;

/// <summary>The run to dispatch next (null: none may run now) and why, in words for <c>qxm queue --explain</c>.
/// <paramref name="At"/> is set in a predicted order: when this dispatch is expected.</summary>
public sealed record SchedulingDecision(QueuedRunInfo? Run, string Reason, DateTimeOffset? At = null);
