namespace Qxm.Engine.Scheduling;

/// <summary>The run to dispatch next (null: none may run now) and why, in words for <c>qxm queue --explain</c>.</summary>
public sealed record SchedulingDecision(QueuedRunInfo? Run, string Reason);
